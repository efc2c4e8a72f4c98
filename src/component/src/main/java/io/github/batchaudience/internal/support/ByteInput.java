package io.github.batchaudience.internal.support;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered reader of bytes, unsynchronized (BufferedInputStream takes a lock at every call):
 * sync reads its sorted rows and snapshots through one, a byte or a line at a time.
 */
public final class ByteInput implements Closeable {
    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    private byte[] line = new byte[256];

    public ByteInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /** The next byte, or -1 at the end. */
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Reads exactly {@code length} bytes into {@code target}: the end before them is a cut. */
    public void readFully(byte[] target, int offset, int length) throws IOException {
        while (length > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("cut short");
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    /** An unsigned variable-length number, seven bits a byte, low bits first. */
    public long readVarLong() throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = read();
            if (b < 0) {
                throw new EOFException("cut short");
            }
            value |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return value;
            }
        }
    }

    /**
     * Reads up to the next newline (left out) into {@link #line()}; returns its length, or -1 at
     * the end. A last line without a newline is returned as it is.
     */
    public int readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                return length == 0 ? -1 : length;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int n = position - start;
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buffer, start, line, length, n);
            length += n;
            if (position < limit) {
                position++;
                return length;
            }
        }
    }

    /** The bytes of the last line read, valid until the next call. */
    public byte[] line() {
        return line;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
