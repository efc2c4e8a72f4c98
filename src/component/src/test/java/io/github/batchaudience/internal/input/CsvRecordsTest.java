package io.github.batchaudience.internal.input;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link CsvRecords} turns lines into RFC 4180 records: quoted commas and doubled quotes, a
 * quoted field spanning lines (its record reported at its first line), an unbalanced quote
 * rejecting its own record only, within the line and character bounds, and records of any width
 * returned as they are (comparing a record's width with the header's is the caller's check).
 */
class CsvRecordsTest {
    private static final String UNBALANCED = "! unbalanced quote: a quoted field starting on this line is never closed";

    @Test
    void unquotedFieldsAreSplitOnEveryCommaAndKeptAsTheyStand() throws IOException {
        assertThat(records("a,b,c\na,,c\na,\n,\n a , b \n"))
                .containsExactly("1 [a, b, c]", "2 [a, , c]", "3 [a, ]", "4 [, ]", "5 [ a ,  b ]");
    }

    @Test
    void aQuotedFieldMayHoldCommas() throws IOException {
        assertThat(records("\"a,b\",c\nx,\"y,z\"\n")).containsExactly("1 [a,b, c]", "2 [x, y,z]");
    }

    @Test
    void aDoubledQuoteInsideQuotesIsOneQuote() throws IOException {
        assertThat(records("\"say \"\"hi\"\"\",x\n\"\"\"\"\n\"\",\"\"\n"))
                .containsExactly("1 [say \"hi\", x]", "2 [\"]", "3 [, ]");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsKeptAsACharacter() throws IOException {
        assertThat(records("a\"b,c\"\n")).containsExactly("1 [a\"b, c\"]");
    }

    @Test
    void textAfterAClosingQuoteIsKeptInTheField() throws IOException {
        assertThat(records("\"a\"b,c\n")).containsExactly("1 [ab, c]");
    }

    @Test
    void aQuotedFieldSpanningLinesIsOneRecordReportedAtItsFirstLine() throws IOException {
        String csv = "id,note\n1,\"two\r\n\r\nlines, one blank\"\n2,x\n";

        assertThat(records(csv)).containsExactly("1 [id, note]", "2 [1, two\n\nlines, one blank]", "5 [2, x]");
    }

    @Test
    void blankLinesBetweenRecordsAreSkippedButCounted() throws IOException {
        assertThat(records("a\n\n\r\nb\n\n")).containsExactly("1 [a]", "4 [b]");
    }

    @Test
    void aQuoteStillOpenAtTheEndRejectsItsRecordAndTheLinesAfterItAreRead() throws IOException {
        assertThat(records("id\n1\n\"open,x\n2\n3"))
                .containsExactly("1 [id]", "2 [1]", "3" + UNBALANCED, "4 [2]", "5 [3]");
    }

    @Test
    void aQuotedFieldOfTheMostLinesAllowedIsOneRecord() throws IOException {
        List<String> records = records(quotedOver(CsvRecords.MAX_RECORD_LINES) + "after\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).startsWith("1 [x, line 1\nline 2\n")
                .endsWith("\nline " + CsvRecords.MAX_RECORD_LINES + "]");
        assertThat(records.get(1)).isEqualTo((CsvRecords.MAX_RECORD_LINES + 1) + " [after]");
    }

    @Test
    void aQuotedFieldOneLineLongerIsRejectedAndEveryLineAfterItsFirstIsReadAgain() throws IOException {
        int lines = CsvRecords.MAX_RECORD_LINES + 1;
        List<String> records = records(quotedOver(lines) + "after\n");

        assertThat(records).hasSize(lines + 1);
        assertThat(records.get(0)).isEqualTo("1" + UNBALANCED);
        assertThat(records.get(1)).isEqualTo("2 [line 2]");
        assertThat(records.get(lines - 1)).isEqualTo(lines + " [line " + lines + "\"]");
        assertThat(records.get(lines)).isEqualTo((lines + 1) + " [after]");
    }

    @Test
    void aQuotedFieldOfTheMostCharactersAllowedIsOneRecord() throws IOException {
        // The bound counts the lines' characters, not the newlines that join them.
        String first = "\"" + "a".repeat(CsvRecords.MAX_RECORD_CHARS / 2 - 1);
        String second = "b".repeat(CsvRecords.MAX_RECORD_CHARS / 2 - 1) + "\"";

        assertThat(records(first + "\n" + second + "\nafter\n")).hasSize(2).last().isEqualTo("3 [after]");
    }

    @Test
    void aQuotedFieldOneCharacterLongerIsRejectedAndTheLineAfterItIsRead() throws IOException {
        String first = "\"" + "a".repeat(CsvRecords.MAX_RECORD_CHARS / 2 - 1);
        String second = "b".repeat(CsvRecords.MAX_RECORD_CHARS / 2) + "\"";

        List<String> records = records(first + "\n" + second + "\nafter\n");

        assertThat(records).hasSize(3);
        assertThat(records.get(0)).isEqualTo("1" + UNBALANCED);
        assertThat(records.get(1)).startsWith("2 [bbb");
        assertThat(records.get(2)).isEqualTo("3 [after]");
    }

    @Test
    void anInvalidLineEndsAnOpenQuoteAndIsRejectedOnItsOwn() throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes(utf8("\"open\n"));
        csv.write(0xff);
        csv.writeBytes(utf8("\nnext\n"));

        assertThat(records(csv.toByteArray(), LineReader.DEFAULT_MAX_LINE_BYTES))
                .containsExactly("1" + UNBALANCED, "2! invalid UTF-8", "3 [next]");
    }

    @Test
    void aLineOverTheByteCapIsRejectedWithItsNumber() throws IOException {
        assertThat(records(utf8("ok\n0123456789\nok,2\n"), 8))
                .containsExactly("1 [ok]", "2! line is longer than 8 bytes", "3 [ok, 2]");
    }

    @Test
    void recordsOfOtherWidthsThanTheFirstAreReturnedWhole() throws IOException {
        assertThat(records("a,b,c\n1,2\n1,2,3,4,5\n\"x\ny\",z\n"))
                .containsExactly("1 [a, b, c]", "2 [1, 2]", "3 [1, 2, 3, 4, 5]", "4 [x\ny, z]");
    }

    /** A record whose quoted field opens on its first line and closes on line {@code lines}. */
    private static String quotedOver(int lines) {
        StringBuilder csv = new StringBuilder("x,\"line 1\n");
        for (int i = 2; i <= lines; i++) {
            csv.append("line ").append(i).append(i == lines ? "\"" : "").append('\n');
        }
        return csv.toString();
    }

    private static List<String> records(String csv) throws IOException {
        return records(utf8(csv), LineReader.DEFAULT_MAX_LINE_BYTES);
    }

    /** Each record as {@code line [fields]}, or {@code line! reason} when it is rejected. */
    private static List<String> records(byte[] csv, int maxLineBytes) throws IOException {
        CsvRecords records = new CsvRecords(new LineReader(new ByteArrayInputStream(csv), maxLineBytes));
        List<String> out = new ArrayList<>();
        for (CsvRecords.Record r = records.next(); r != null; r = records.next()) {
            out.add(r.error != null ? r.line + "! " + r.error : r.line + " " + r.fields);
        }
        return out;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
