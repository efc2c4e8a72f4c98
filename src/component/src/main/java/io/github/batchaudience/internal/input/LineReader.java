package io.github.batchaudience.internal.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits bytes into lines itself, rather than through a {@code Reader}, for two reasons: a
 * line longer than the cap (even 1 GB) is skipped to its newline without being buffered, and
 * each line is decoded on its own, so an invalid UTF-8 byte rejects that line only (a decoding
 * Reader cannot resume after one, and BufferedReader cannot cap a line). Handles {@code \n} and
 * {@code \r\n}, and a UTF-8 byte order mark before the first line.
 */
final class LineReader {
    /** The longest line read: a valid row is far smaller, whatever its attributes. */
    static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private long number;
    private boolean tooLong;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of input. */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (eof || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            append(start, end - start);
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        number++;
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (number == 1 && !tooLong && length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB
            && (line[2] & 0xff) == 0xBF) {
            System.arraycopy(line, 3, line, 0, length - 3);
            length -= 3;
        }
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void append(int start, int count) {
        if (tooLong) {
            return;
        }
        if (length + count > maxLineBytes) {
            tooLong = true;
            length = 0;
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(buffer, start, line, length, count);
        length += count;
    }

    long number() {
        return number;
    }

    /** The line was longer than the cap: its bytes were skipped, not kept. */
    boolean tooLong() {
        return tooLong;
    }

    int maxLineBytes() {
        return maxLineBytes;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** The line as text, or null when it is not valid UTF-8. */
    String text() {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (line[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
