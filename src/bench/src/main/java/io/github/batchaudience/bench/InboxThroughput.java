package io.github.batchaudience.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;

/**
 * What an inbox file costs beyond its rows: F files of R rows through {@code run --once}, against
 * one file of F×R rows through the same path, on a fresh data folder each, the emulator in this
 * JVM. The difference, over F − 1, is the wall time each extra file adds (the start and stop of
 * the integration cancel out).
 */
public final class InboxThroughput {
    private static final String AUDIENCE = "inbox-bench";
    private static final int ROWS = 100;

    private InboxThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"), "inbox"));
        String counts = System.getProperty("bench.inbox.files", "500,5000");
        // A first, unmeasured pass: the JIT warms up on the same code as the measured ones.
        perFileMillis(dir, 100, ROWS);
        for (String count : counts.split(",")) {
            int files = Integer.parseInt(count.trim());
            System.out.printf(Locale.ROOT, "inbox: %d files of %d rows: %.1f ms per extra file%n", files, ROWS,
                              perFileMillis(dir, files, ROWS));
        }
    }

    /**
     * (wall time of {@code files} files of {@code rowsPerFile} rows − wall time of one file of
     * {@code files × rowsPerFile} rows) / ({@code files} − 1), in milliseconds, each run through
     * {@code --once} on a data folder of its own under {@code dir}.
     */
    public static double perFileMillis(Path dir, int files, int rowsPerFile) throws Exception {
        if (files < 2) {
            throw new IllegalArgumentException("at least 2 files, to have an extra one: " + files);
        }
        try (BatchEmulator emulator = BatchEmulator.builder().apiKeys(IntegrationHarness.API_KEY)
                .restApiKey(IntegrationHarness.REST_KEY).indexingDelayMs(0).seed(7).build().start()) {
            long many = onceRun(emulator, Files.createTempDirectory(dir, "many"), files, rowsPerFile);
            long one = onceRun(emulator, Files.createTempDirectory(dir, "one"), 1, files * rowsPerFile);
            return (many - one) / 1e6 / (files - 1);
        }
    }

    /** Nanoseconds from the start of {@code run --once} until it exits, every file DONE. */
    private static long onceRun(BatchEmulator emulator, Path data, int files, int rowsPerFile) throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        int id = 0;
        for (int f = 0; f < files; f++) {
            Path file = inbox.resolve(String.format(Locale.ROOT, "%s.update.%06d.csv", AUDIENCE, f));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("id\n");
                for (int r = 0; r < rowsPerFile; r++) {
                    out.write("install-" + id++ + "\n");
                }
            }
        }
        // Files older than the read lock's minimum age: taken at the first poll.
        Thread.sleep(1_000);
        Map<String, String> properties = Map.of("batch.audience." + AUDIENCE + ".id-type", "install_ids");
        try (IntegrationHarness it = new IntegrationHarness(emulator.baseUrl(), data, true, properties,
                                                            Duration.ofHours(1))) {
            long start = System.nanoTime();
            int exit = it.runner().run();
            long took = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException("--once ended with " + exit + ": " + it.printed());
            }
            return took;
        }
    }
}
