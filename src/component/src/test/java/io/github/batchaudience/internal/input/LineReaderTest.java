package io.github.batchaudience.internal.input;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link LineReader} cuts bytes into numbered lines: both line endings, a last line without
 * one, empty lines, the byte order mark, invalid UTF-8 confined to its line, and the byte cap (a
 * line of the cap is kept, one byte more is skipped but still counted).
 */
class LineReaderTest {
    private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    @Test
    void newlineAndCarriageReturnNewlineEndLinesAlike() throws IOException {
        assertThat(lines("a\nb\r\nc\n")).containsExactly("1:a", "2:b", "3:c");
    }

    @Test
    void aLastLineWithoutAnEndingIsStillRead() throws IOException {
        assertThat(lines("a\nb")).containsExactly("1:a", "2:b");
        assertThat(lines("a\r\nb\r")).containsExactly("1:a", "2:b");
    }

    @Test
    void aFinalNewlineAddsNoEmptyLineAndNoInputHasNoLine() throws IOException {
        assertThat(lines("a\n")).containsExactly("1:a");
        assertThat(lines("")).isEmpty();
    }

    @Test
    void emptyLinesAreReadAndNumbered() throws IOException {
        assertThat(lines("\na\n\n\r\nb\n")).containsExactly("1:", "2:a", "3:", "4:", "5:b");
    }

    @Test
    void aByteOrderMarkIsDroppedBeforeTheFirstLineOnly() throws IOException {
        byte[] input = concat(BOM, utf8("id\n"), BOM, utf8("x\n"));
        assertThat(lines(reader(input, LineReader.DEFAULT_MAX_LINE_BYTES))).containsExactly("1:id", "2:\uFEFFx");
    }

    @Test
    void aByteOrderMarkAloneLeavesTheFirstLineEmpty() throws IOException {
        assertThat(lines(reader(concat(BOM, utf8("\r\nid")), 16))).containsExactly("1:", "2:id");
    }

    @Test
    void multiByteCharactersAreDecoded() throws IOException {
        assertThat(lines("é,名前\n😀\n")).containsExactly("1:é,名前", "2:😀");
    }

    // A lone continuation byte, a byte never valid, a sequence cut short, an overlong encoding.
    @ParameterizedTest
    @ValueSource(strings = { "80", "ff", "c3", "e282", "c080" })
    void aLineOfInvalidUtf8HasNoTextAndTheLinesAroundItAreRead(String hex) throws IOException {
        byte[] input = concat(utf8("before\n"), utf8("x"), HexFormat.of().parseHex(hex), utf8("y\nafter é\n"));

        assertThat(lines(reader(input, LineReader.DEFAULT_MAX_LINE_BYTES)))
                .containsExactly("1:before", "2:<invalid>", "3:after é");
    }

    @Test
    void aLineOfExactlyTheDefaultCapIsKeptWhole() throws IOException {
        int cap = LineReader.DEFAULT_MAX_LINE_BYTES;
        LineReader reader = reader(concat(repeat('x', cap), utf8("\nnext")), cap);

        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isFalse();
        assertThat(reader.length()).isEqualTo(cap);
        assertThat(reader.next()).isTrue();
        assertThat(reader.text()).isEqualTo("next");
    }

    @Test
    void aLineOneByteOverTheDefaultCapIsSkippedButCounted() throws IOException {
        int cap = LineReader.DEFAULT_MAX_LINE_BYTES;
        LineReader reader = reader(concat(utf8("first\n"), repeat('x', cap + 1), utf8("\nnext\n")), cap);

        assertThat(lines(reader)).containsExactly("1:first", "2:<too long>", "3:next");
    }

    @Test
    void aSmallCapIsHeldToTheByteNotToTheCharacter() throws IOException {
        // "é" is two bytes: four of them fill a cap of 8, a fifth character goes over.
        LineReader reader = reader(utf8("éééé\néééé!\nok"), 8);

        assertThat(lines(reader)).containsExactly("1:éééé", "2:<too long>", "3:ok");
        assertThat(reader.maxLineBytes()).isEqualTo(8);
    }

    @Test
    void aLineLongerThanTheReadBufferIsAssembledWhole() throws IOException {
        int length = 200_000;
        LineReader reader = reader(concat(repeat('y', length), utf8("\r\nz")), LineReader.DEFAULT_MAX_LINE_BYTES);

        assertThat(reader.next()).isTrue();
        assertThat(reader.text()).hasSize(length).matches("y+");
        assertThat(reader.next()).isTrue();
        assertThat(reader.text()).isEqualTo("z");
    }

    @Test
    void aStreamGivingOneByteAtATimeReadsTheSame() throws IOException {
        // Every boundary falls between two reads: inside the mark, between \r and \n, in a character.
        byte[] input = concat(BOM, utf8("id\r\né\r\n\r\ntoo long here\nlast\r"));
        LineReader reader = new LineReader(new OneByteAtATime(input), 8);

        assertThat(lines(reader)).containsExactly("1:id", "2:é", "3:", "4:<too long>", "5:last");
    }

    private static List<String> lines(String text) throws IOException {
        return lines(reader(utf8(text), LineReader.DEFAULT_MAX_LINE_BYTES));
    }

    /** Each line as {@code number:text}, so that a number out of step shows in the assertion. */
    private static List<String> lines(LineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            String text = reader.text();
            lines.add(reader.number() + ":" + (reader.tooLong() ? "<too long>" : text == null ? "<invalid>" : text));
        }
        return lines;
    }

    private static LineReader reader(byte[] input, int maxLineBytes) {
        return new LineReader(new ByteArrayInputStream(input), maxLineBytes);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] repeat(char c, int count) {
        return String.valueOf(c).repeat(count).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A stream that never returns more than one byte per read, as a slow pipe may. */
    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream in;

        OneByteAtATime(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : in.read(b, off, 1);
        }
    }
}
