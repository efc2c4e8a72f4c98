package io.github.batchaudience.internal.support;

/**
 * Non-negative numbers in 7-bit groups, low group first, the high bit set on every byte but the
 * last: the lengths and line numbers of the binary records that rows take between reading and
 * sending (a line number of a million costs 3 bytes rather than 8).
 */
public final class VarLong {
    private VarLong() {
    }

    public static void write(ByteSink out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** The number at {@code position}, as {@link #write} wrote it. */
    public static long at(byte[] bytes, int position) {
        long value = 0;
        for (int shift = 0, p = position; ; shift += 7) {
            int b = bytes[p++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    /** How many bytes {@link #write} takes for the value. */
    public static int size(long value) {
        int size = 1;
        while ((value & ~0x7fL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }
}
