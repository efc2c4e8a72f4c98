package io.github.batchaudience.internal.sync;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.batchaudience.internal.batching.Element;
import io.github.batchaudience.internal.batching.ElementStream;
import io.github.batchaudience.internal.support.ByteInput;
import io.github.batchaudience.model.Action;

/**
 * What a sync must send, noted while the diff is counted so that it is walked once: the new and
 * changed members, and the departed IDs, each in a scratch file, to be read back as adds, then
 * removes of the ID alone.
 */
final class Difference implements Closeable {
    private static final int READ_BUFFER = 64 << 10;

    private final Path adds;
    private final Path removes;
    private final RunWriter addsOut;
    private final RunWriter removesOut;
    private final SortRecord departed = new SortRecord();

    Difference(Path directory) throws IOException {
        adds = Files.createTempFile(directory, "sync-adds", ".bin");
        removes = Files.createTempFile(directory, "sync-removes", ".bin");
        addsOut = new RunWriter(adds);
        removesOut = new RunWriter(removes);
    }

    void add(SortRecord member) throws IOException {
        addsOut.write(member);
    }

    void depart(byte[] id, int length) throws IOException {
        departed.data = id;
        departed.idOffset = 0;
        departed.idLength = length;
        departed.add = false;
        departed.membersOffset = 0;
        departed.membersLength = 0;
        removesOut.write(departed);
    }

    /** Ends the writing: what was noted can now be read. */
    void finish() throws IOException {
        addsOut.close();
        removesOut.close();
    }

    /** The adds when {@code adds}, else the removes. The caller closes it. */
    Reader read(boolean adds) throws IOException {
        return new Reader(new ByteInput(Files.newInputStream(adds ? this.adds : removes), READ_BUFFER));
    }

    @Override
    public void close() throws IOException {
        try {
            addsOut.close();
            removesOut.close();
        } finally {
            Files.deleteIfExists(adds);
            Files.deleteIfExists(removes);
        }
    }

    /** The noted elements, in ID order. */
    static final class Reader implements ElementStream, Closeable {
        private final ByteInput in;
        private final SortRecord record = new SortRecord();

        Reader(ByteInput in) {
            this.in = in;
        }

        @Override
        public Element next() throws IOException {
            if (!record.read(in)) {
                return null;
            }
            String id = new String(record.data, record.idOffset, record.idLength, StandardCharsets.UTF_8);
            if (!record.add) {
                return Element.of(id, Action.REMOVE, 0, idOnly(id));
            }
            return Element.of(id, Action.ADD, record.line, Arrays.copyOfRange(
                    record.data, record.membersOffset, record.membersOffset + record.membersLength));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** The members of a remove: the ID alone. */
    static byte[] idOnly(String id) {
        StringBuilder sb = new StringBuilder("\"id\":\"");
        JsonStringEncoder.getInstance().quoteAsString(id, sb);
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }
}
