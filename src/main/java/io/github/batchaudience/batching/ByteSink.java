package io.github.batchaudience.batching;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array, unsynchronized (unlike ByteArrayOutputStream, whose every write takes a
 * lock): request bodies are built in one, sized exactly in advance, and the spool's partitions
 * are held in them.
 */
final class ByteSink {
    private byte[] bytes;
    private int length;

    ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int offset, int count) {
        ensure(count);
        System.arraycopy(b, offset, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    int size() {
        return length;
    }

    /** Empties it; its capacity is kept. */
    void reset() {
        length = 0;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
