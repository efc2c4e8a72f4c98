package io.github.batchaudience.internal.batching;

import java.io.IOException;

import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.model.Action;

/**
 * Serialised elements on their way from the thread that reads and checks rows to the one that
 * stores them, as one array of {@link ElementRecords}: what crosses between the two cores is a
 * run of bytes rather than each row's graph of objects, which cost the storing side more to reach
 * than to store.
 */
final class ElementBlock {
    /** Bytes past which a block is handed over: a few thousand rows, well below G1's humongous objects. */
    static final int CAPACITY = 64 << 10;

    private final ByteSink bytes;

    ElementBlock() {
        this(CAPACITY + 1024);
    }

    ElementBlock(int initialBytes) {
        bytes = new ByteSink(initialBytes);
    }

    void add(byte[] id, int idOffset, int idLength, Action action, long line, byte[] members, int offset,
             int length) {
        ElementRecords.write(bytes, id, idOffset, idLength, action, line, members, offset, length);
    }

    boolean isFull() {
        return bytes.size() >= CAPACITY;
    }

    boolean isEmpty() {
        return bytes.size() == 0;
    }

    void clear() {
        bytes.reset();
    }

    /** Hands every element to the sink, in the order they were added. */
    void drainTo(RowSink sink) throws IOException {
        ElementRecords.read(bytes.bytes(), bytes.size(), sink);
    }
}
