package io.github.batchaudience.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The sources' figures, run by the bench profile before the main benchmark, in a JVM of their own
 * (the integration, a broker and the emulator together): events per second through JMS (file
 * state and PostgreSQL state) and Kafka ({@code -Dbench.events}, default 100,000, over 3
 * audiences; 0 skips them; as many warm the JVM first, {@code -Dbench.events.warmup}),
 * and the wall time of each extra inbox file ({@code -Dbench.files}
 * files of 100 rows, default 500; then {@code -Dbench.filesFlat}, default 5,000, to see that it
 * stays flat; 0 skips either). The figures go to {@code sources.properties} in the bench folder,
 * for the BENCH line that {@link Benchmark} prints last.
 */
public final class SourceBenchmark {
    static final String FIGURES = "sources.properties";
    private static final int ROWS_PER_FILE = 100;

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 100_000);
        int files = Integer.getInteger("bench.files", 500);
        int filesFlat = Integer.getInteger("bench.filesFlat", 5_000);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench")));
        // Kafka's test kit and PostgreSQL keep their files there: the build's own folder.
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Properties figures = new Properties();
        if (events > 0) {
            // The first run in a JVM pays for loading classes and for the JIT compiling the paths of
            // Camel, Artemis and H2, which a long-running integration has paid for long before (the
            // first 4,000 events took 5.6 s, the third run of 100,000 took 4.1 s): as many events go
            // through first, shown apart and not counted.
            int warmup = Integer.getInteger("bench.events.warmup", events);
            if (warmup > 0) {
                double cold = JmsThroughput.measure(Files.createDirectories(dir.resolve("jms")), warmup, false);
                print("jms-throughput: warm-up, %,d events over 3 audiences, file state: %.0f events/s (not counted)",
                      warmup, cold);
            }
            double jmsFiles = JmsThroughput.measure(Files.createDirectories(dir.resolve("jms")), events, false);
            print("jms-throughput: %,d events over 3 audiences, file state: %.0f events/s", events, jmsFiles);
            double jmsDatabase = JmsThroughput.measure(dir.resolve("jms"), events, true);
            print("jms-throughput: %,d events over 3 audiences, PostgreSQL state: %.0f events/s", events, jmsDatabase);
            figures.setProperty("jms_events_per_s", String.format(Locale.ROOT, "%.0f", Math.min(jmsFiles, jmsDatabase)));
            double kafka = KafkaThroughput.measure(Files.createDirectories(dir.resolve("kafka")), events);
            print("kafka-throughput: %,d events over 3 audiences: %.0f events/s", events, kafka);
            figures.setProperty("kafka_events_per_s", String.format(Locale.ROOT, "%.0f", kafka));
        }
        if (files > 0) {
            Path inbox = Files.createDirectories(dir.resolve("inbox"));
            double perFile = InboxThroughput.perFileMillis(inbox, files, ROWS_PER_FILE);
            print("inbox: %,d files of %d rows: %.1f ms per extra file", files, ROWS_PER_FILE, perFile);
            figures.setProperty("per_file_ms", String.format(Locale.ROOT, "%.1f", perFile));
            if (filesFlat > 0) {
                print("inbox: %,d files of %d rows: %.1f ms per extra file", filesFlat, ROWS_PER_FILE,
                      InboxThroughput.perFileMillis(inbox, filesFlat, ROWS_PER_FILE));
            }
        }
        try (Writer out = Files.newBufferedWriter(dir.resolve(FIGURES))) {
            figures.store(out, "the sources' figures of the last bench run");
        }
    }

    /** The figures the last run wrote, or none. */
    static Properties read(Path dir) throws IOException {
        Properties figures = new Properties();
        Path file = dir.resolve(FIGURES);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                figures.load(in);
            }
        }
        return figures;
    }

    private static void print(String format, Object... values) {
        System.out.printf(Locale.ROOT, format + "%n", values);
    }
}
