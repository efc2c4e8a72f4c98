package io.github.batchaudience.integration.inbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.model.RejectedRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** FILE.rejected.csv keeps its three columns, whatever the rejected row held. */
class ReportsTest {
    @TempDir
    Path reports;

    @Test
    void everyKindOfRejectedRowKeepsItsColumns() throws Exception {
        BatchAudienceResult result = new BatchAudienceResult();
        result.setRejectedRows(List.of(
                new RejectedRow(12, null, "invalid UTF-8"),
                new RejectedRow(13, null, "not a JSON object"),
                new RejectedRow(14, "bad\nid,\"quoted\"", "control character"),
                new RejectedRow(15, "", "empty id")));
        new Reports(reports).write("x.update.csv", result, Reports.DONE, null, Instant.now());

        List<String[]> rows = new CsvMapper().readerForArrayOf(String.class).with(CsvParser.Feature.WRAP_AS_ARRAY)
                .<String[]>readValues(Files.readString(reports.resolve("x.update.csv.rejected.csv"))).readAll();
        assertThat(rows).hasSize(5).allSatisfy(r -> assertThat(r).hasSize(3));
        assertThat(rows.get(0)).containsExactly("line", "id", "reason");
        assertThat(rows.get(1)).containsExactly("12", "", "invalid UTF-8");
        assertThat(rows.get(2)).containsExactly("13", "", "not a JSON object");
        assertThat(rows.get(3)).containsExactly("14", "bad\nid,\"quoted\"", "control character");
        assertThat(rows.get(4)).containsExactly("15", "", "empty id");
    }
}
