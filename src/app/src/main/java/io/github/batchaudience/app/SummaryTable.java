package io.github.batchaudience.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.BatchAudienceRules;

/** The table {@code run --once} ends with: one row per inbox file, from its report. */
final class SummaryTable {
    private static final String[] HEADER = { "file", "audience", "operation", "rows", "sent", "rejected", "requests",
                                             "status", "time" };
    private final List<String[]> rows = new ArrayList<>();

    /** @param notMoved the file was settled but could not be moved out of the inbox */
    void add(String name, JsonNode report, boolean notMoved) {
        // A file's name is the one cell that comes from outside: on one line, whatever it holds.
        String file = BatchAudienceRules.printable(name);
        if (report == null) {
            rows.add(new String[] { file, "", "", "", "", "", "", "NO REPORT", "" });
            return;
        }
        rows.add(new String[] { file, report.path("audience").asText(""), report.path("operation").asText(""),
                                report.path("rowsRead").asText(""), report.path("idsSent").asText(""),
                                report.path("rejected").asText(""), report.path("writeRequests").asText(""),
                                report.path("status").asText() + (notMoved ? ", NOT MOVED" : ""),
                                seconds(report.path("processingMs").asLong()) });
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    void print(PrintStream out) {
        int[] widths = new int[HEADER.length];
        List<String[]> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i >= 3 && i <= 6;
                String cell = number ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                line.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
