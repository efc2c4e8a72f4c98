package io.github.batchaudience.internal.input;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Assembles RFC 4180 records from lines and splits them into fields. A small splitter of our
 * own rather than jackson-dataformat-csv, because of one requirement Jackson's parser cannot
 * meet: recovering from an unbalanced quote. Jackson would read the rest of the file as one
 * field (or misalign every row after it); here a quoted field still open after
 * {@link #MAX_RECORD_LINES} lines or {@link #MAX_RECORD_CHARS} characters, or at the end of the
 * input, rejects the record it started in, and reading resumes at the next line from the lines
 * already buffered, so no valid row after it is lost. A valid record is never near those sizes.
 */
final class CsvRecords {
    static final int MAX_RECORD_LINES = 100;
    static final int MAX_RECORD_CHARS = 64 * 1024;

    /** One record: its first line, its fields, or the reason it cannot be read. */
    static final class Record {
        final long line;
        final List<String> fields;
        final String error;

        Record(long line, List<String> fields, String error) {
            this.line = line;
            this.fields = fields;
            this.error = error;
        }
    }

    private static final class Line {
        final long number;
        final String text;
        final String error;

        Line(long number, String text, String error) {
            this.number = number;
            this.text = text;
            this.error = error;
        }
    }

    private final LineReader lines;
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    private int lastFieldCount = 10;

    CsvRecords(LineReader lines) {
        this.lines = lines;
    }

    /** The next non-blank record, or null at the end. */
    Record next() throws IOException {
        while (true) {
            Line first = nextLine();
            if (first == null) {
                return null;
            }
            if (first.error != null) {
                return new Record(first.number, null, first.error);
            }
            if (first.text.isEmpty()) {
                continue;
            }
            // Sized as the last record was (a file's records are alike): no growing per record.
            List<String> fields = new ArrayList<>(lastFieldCount);
            if (split(first.text, fields)) {
                lastFieldCount = fields.size();
                return new Record(first.number, fields, null);
            }
            // A quoted field goes on past the line's end: join the next lines, within bounds.
            List<Line> joined = new ArrayList<>();
            StringBuilder text = new StringBuilder(first.text);
            while (true) {
                Line more = nextLine();
                if (more == null || more.error != null || joined.size() + 1 >= MAX_RECORD_LINES
                    || text.length() + (more.text == null ? 0 : more.text.length()) > MAX_RECORD_CHARS) {
                    if (more != null) {
                        joined.add(more);
                    }
                    for (int i = joined.size() - 1; i >= 0; i--) {
                        pushedBack.push(joined.get(i));
                    }
                    return new Record(first.number, null, "unbalanced quote: a quoted field starting on this line"
                                                          + " is never closed");
                }
                joined.add(more);
                text.append('\n').append(more.text);
                fields.clear();
                if (split(text.toString(), fields)) {
                    return new Record(first.number, fields, null);
                }
            }
        }
    }

    private Line nextLine() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pop();
        }
        if (!lines.next()) {
            return null;
        }
        if (lines.tooLong()) {
            return new Line(lines.number(), null, "line is longer than " + lines.maxLineBytes() + " bytes");
        }
        String text = lines.text();
        return text == null ? new Line(lines.number(), null, "invalid UTF-8") : new Line(lines.number(), text, null);
    }

    /**
     * Splits one record into fields; false when a quoted field is still open at the end. A quote
     * inside an unquoted field is kept as a character, as most CSV writers expect.
     */
    static boolean split(String text, List<String> fields) {
        int n = text.length();
        int i = 0;
        StringBuilder quoted = null;
        while (true) {
            if (i < n && text.charAt(i) == '"') {
                if (quoted == null) {
                    quoted = new StringBuilder();
                } else {
                    quoted.setLength(0);
                }
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            quoted.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        quoted.append(c);
                    }
                }
                if (!closed) {
                    return false;
                }
                // Text between the closing quote and the next comma is kept, leniently.
                while (i < n && text.charAt(i) != ',') {
                    quoted.append(text.charAt(i++));
                }
                fields.add(quoted.toString());
            } else {
                // Unquoted, the common case: the field is the text as it stands.
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                fields.add(text.substring(i, end));
                i = end;
            }
            if (i >= n) {
                return true;
            }
            i++; // the comma
            if (i == n) {
                fields.add("");
                return true;
            }
        }
    }
}
