package io.github.batchaudience.internal.support;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array, unsynchronized (unlike ByteArrayOutputStream, whose every write takes a
 * lock): request bodies are built in one, sized exactly in advance; the spool's partitions are
 * held in them; and a JSON generator that serialises one element after another writes into one,
 * whose bytes are read in place and then reset.
 */
public final class ByteSink extends OutputStream {
    private byte[] bytes;
    private int length;

    public ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int offset, int count) {
        ensure(count);
        System.arraycopy(b, offset, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    public int size() {
        return length;
    }

    /** The backing array, valid up to {@link #size()} and until the next write or reset. */
    public byte[] bytes() {
        return bytes;
    }

    /** Empties it; its capacity is kept. */
    public void reset() {
        length = 0;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    /** The content; the backing array itself when it is exactly full, so not to be written to after. */
    public byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
