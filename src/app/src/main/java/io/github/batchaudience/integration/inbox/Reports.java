package io.github.batchaudience.integration.inbox;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.internal.support.AtomicFiles;
import io.github.batchaudience.model.RejectedRow;

/**
 * {@code FILE.report.json} (the result, plus status and timings) and {@code FILE.rejected.csv}
 * (line, id, reason) in the reports folder. Each is replaced whole, never edited in place, and
 * not forced to disk: the durable truth of a settled file is its {@link SettledFiles} record,
 * which holds its report, rewritten from it if an operating system crash lost it
 * ({@link ReportRecovery}).
 */
public final class Reports {
    public static final String PENDING_INDEXING = "PENDING_INDEXING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // Quote only where RFC 4180 needs it (Jackson quotes every long value by default).
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final CsvSchema REJECTED = CsvSchema.builder().addColumn("line").addColumn("id").addColumn("reason")
            .build().withHeader();

    private Path directory;
    private String api;

    public Reports() {
        this(Path.of("data/reports"));
    }

    public Reports(Path directory) {
        this.directory = directory;
    }

    /** Where the files go (the API, and the project or the apps), said in every report. */
    public void setApi(String api) {
        this.api = api == null || api.isBlank() ? null : api;
    }

    /** The folder this lives in (created when first written). */
    public void setDirectory(String directory) {
        this.directory = Path.of(directory);
    }

    public Path reportFile(String file) {
        return directory.resolve(file + ".report.json");
    }

    public Path rejectedFile(String file) {
        return directory.resolve(file + ".rejected.csv");
    }

    /**
     * The report of a file once handled: its result (null when nothing was read), its status, and
     * the error that failed it, if any.
     */
    public ObjectNode write(String file, BatchAudienceResult result, String status, String error, Instant started)
            throws IOException {
        return write(file, result, status, error, started, List.of());
    }

    /** As {@link #write(String, BatchAudienceResult, String, String, Instant)}, with every attempt of the file. */
    public ObjectNode write(String file, BatchAudienceResult result, String status, String error, Instant started,
                            List<FileAttempts.Attempt> attempts) throws IOException {
        ObjectNode report = JSON.createObjectNode();
        report.put("file", file);
        report.put("status", status);
        if (error != null) {
            report.put("error", error);
        }
        report.put("startedAt", started.toString());
        Instant finished = Instant.now();
        report.put("finishedAt", finished.toString());
        report.put("processingMs", finished.toEpochMilli() - started.toEpochMilli());
        if (result != null) {
            ObjectNode fields = JSON.valueToTree(result);
            // Rejected rows have a file of their own; the report keeps their count.
            fields.remove("rejectedRows");
            report.setAll(fields);
        }
        if (api != null) {
            report.put("api", api);
        }
        if (!attempts.isEmpty()) {
            report.set("attempts", JSON.valueToTree(attempts));
        }
        restore(file, report);
        if (result != null && !result.getRejectedRows().isEmpty()) {
            writeRejected(file, result.getRejectedRows());
        }
        return report;
    }

    /** Records that every token of the file's writes is applied. */
    public void markIndexed(String file, String lastState) throws IOException {
        ObjectNode report = read(file);
        if (report == null) {
            return;
        }
        report.put("status", DONE);
        report.put("indexingState", lastState);
        report.put("indexedAt", Instant.now().toString());
        restore(file, report);
    }

    /** Writes the file's report as given (the one its settled record keeps, after a crash lost it). */
    void restore(String file, ObjectNode report) throws IOException {
        AtomicFiles.replace(reportFile(file), out -> JSON.writeValue(out, report));
    }

    /** The file's report, or null when there is none. */
    public ObjectNode read(String file) throws IOException {
        Path path = reportFile(file);
        if (!Files.exists(path)) {
            return null;
        }
        return (ObjectNode) JSON.readTree(path.toFile());
    }

    private void writeRejected(String file, List<RejectedRow> rows) throws IOException {
        // Forced to disk: the rows are not kept elsewhere (and a file rarely has any).
        AtomicFiles.write(rejectedFile(file), out -> {
            try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                CSV.writer(REJECTED).writeValues(writer).writeAll(
                        // An ID that could not be read is an empty cell: Jackson leaves a null out, and
                        // the reason would shift into the id column.
                        rows.stream().map(r -> new Object[] { r.getLine(), r.getId() == null ? "" : r.getId(),
                                                              r.getReason() })
                                .toArray(Object[][]::new));
            }
        });
    }
}
