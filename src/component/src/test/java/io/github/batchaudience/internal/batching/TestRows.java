package io.github.batchaudience.internal.batching;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.batchaudience.model.Action;

/** Tests hand a sink an element by its ID as text, as ElementBlock hands it: ID and members in one lent array. */
public final class TestRows {
    private TestRows() {
    }

    /**
     * Lends the ID's bytes and {@code length} bytes of {@code members} from {@code offset}, with
     * bytes before, between and after them that the sink must not keep.
     */
    public static void accept(RowSink sink, String id, Action action, long line, byte[] members, int offset,
                              int length) throws IOException {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] lent = new byte[1 + idBytes.length + 1 + length + 1];
        lent[0] = '<';
        System.arraycopy(idBytes, 0, lent, 1, idBytes.length);
        lent[1 + idBytes.length] = '|';
        System.arraycopy(members, offset, lent, 2 + idBytes.length, length);
        lent[lent.length - 1] = '>';
        sink.accept(lent, 1, idBytes.length, action, line, 2 + idBytes.length, length);
    }
}
