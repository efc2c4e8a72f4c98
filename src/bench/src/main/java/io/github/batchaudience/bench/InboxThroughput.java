package io.github.batchaudience.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;

/**
 * What an inbox file costs beyond its rows: F files of R rows, then one file of F×R rows, each
 * through the integration's {@code --once} path (routes/*.yaml on Camel Main, the emulator in
 * this JVM); the difference of their wall times over F − 1 is the price of each extra file.
 * The files of the many-file run rotate over several audiences, stamped so that consecutive
 * files belong to different audiences: an audience's next write waits for the indexing of its
 * last, and that wait is the API's, not the inbox's.
 */
public final class InboxThroughput {
    private static final int AUDIENCES = 50;

    private InboxThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.inbox.rows", 100);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"), "inbox"));
        for (String count : System.getProperty("bench.inbox.files", "500,5000").split(",")) {
            int files = Integer.parseInt(count.trim());
            System.out.printf(Locale.ROOT, "inbox: %d files of %d rows: %.1f ms per extra file%n",
                              files, rows, perFileMillis(dir, files, rows));
        }
    }

    /** (wall time of {@code files} files of {@code rowsPerFile} rows − that of one file of all their rows) / (files − 1). */
    public static double perFileMillis(Path dir, int files, int rowsPerFile) throws Exception {
        if (files < 2) {
            throw new IllegalArgumentException("at least two files are needed, not " + files);
        }
        long many = onceRun(Files.createTempDirectory(dir, "many"), files, rowsPerFile);
        long one = onceRun(Files.createTempDirectory(dir, "one"), 1, files * rowsPerFile);
        return (many - one) / 1e6 / (files - 1);
    }

    /** Nanoseconds from the start of a {@code --once} run over this inbox until it exits. */
    private static long onceRun(Path data, int files, int rowsPerFile) throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        for (int f = 0; f < files; f++) {
            String name = String.format(Locale.ROOT, "bench-%02d.update.%06d.csv", f % AUDIENCES, f);
            write(inbox.resolve(name), f, rowsPerFile);
        }
        try (BatchEmulator emulator = IntegrationHarness.emulator()) {
            Map<String, String> properties = new HashMap<>();
            for (int a = 0; a < Math.min(files, AUDIENCES); a++) {
                properties.put(String.format(Locale.ROOT, "batch.audience.bench-%02d.id-type", a), "install_ids");
            }
            IntegrationHarness it = new IntegrationHarness(emulator.baseUrl(), data, true, properties,
                                                           Duration.ofMinutes(30));
            long start = System.nanoTime();
            int exit;
            try {
                it.start();
                exit = it.awaitExit();
            } finally {
                it.close();
            }
            long took = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException("--once over " + files + " files exited " + exit + ": " + it.printed());
            }
            return took;
        }
    }

    private static void write(Path file, int f, int rows) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName());
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write("id,action\n");
            for (int r = 0; r < rows; r++) {
                out.write("install-" + f + "-" + r + ",add\n");
            }
        }
        Files.move(tmp, file);
    }
}
