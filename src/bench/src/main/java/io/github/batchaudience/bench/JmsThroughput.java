package io.github.batchaudience.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestBroker;
import io.github.batchaudience.integration.testsupport.TestPostgres;

/**
 * Events per second through the integration's JMS source (routes/jms.yaml on Camel Main, an
 * Artemis broker and the emulator in this JVM): events over 3 audiences, one message each, in
 * each audience's message group, as producers that keep an audience's order send them. Measured
 * from the first send until the emulator holds every event, with the journal in files (H2) or in
 * PostgreSQL (the state several instances share).
 */
public final class JmsThroughput {
    private static final String QUEUE = "bench.jms.events";
    private static final List<String> AUDIENCES = List.of("jms-bench-0", "jms-bench-1", "jms-bench-2");

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 100_000);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"), "jms"));
        for (boolean postgres : new boolean[] {false, true}) {
            System.out.printf(Locale.ROOT, "jms-throughput: %d events over 3 audiences, %s: %.0f events/s%n", events,
                              postgres ? "PostgreSQL state" : "file state", measure(dir, events, postgres));
        }
    }

    /** Events per second, from the first send until every event is applied. */
    public static double measure(Path dir, int events, boolean postgres) throws Exception {
        List<String> messages = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            messages.add("{\"audience\":\"" + AUDIENCES.get(i % AUDIENCES.size()) + "\",\"action\":\"add\",\"id\":"
                         + "\"install-" + i + "\"}");
        }
        TestPostgres database = postgres ? TestPostgres.start() : null;
        try (BatchEmulator emulator = IntegrationHarness.emulator();
             TestBroker broker = TestBroker.start(Files.createTempDirectory(dir, "broker"), "bench", "bench-secret")) {
            Map<String, String> properties = new HashMap<>(broker.sourceProperties(QUEUE));
            // The shipped quiet period and batching, rather than the tests' short waits.
            properties.put("batch.jms.quiet-period", "1000");
            if (database != null) {
                properties.putAll(database.settings(database.jdbcUrl()));
            }
            AUDIENCES.forEach(a -> properties.put("batch.audience." + a + ".id-type", "install_ids"));
            try (IntegrationHarness it = new IntegrationHarness(emulator, Files.createTempDirectory(dir, "data"), false,
                                                                properties).start()) {
                long start = System.nanoTime();
                broker.sendGrouped(QUEUE, messages, m -> m.substring(13, m.indexOf('"', 13)));
                long deadline = start + TimeUnit.MINUTES.toNanos(10);
                while (applied(emulator) < events) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the events were not all applied in 10 minutes");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                return events / ((System.nanoTime() - start) / 1e9);
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private static long applied(BatchEmulator emulator) {
        return AUDIENCES.stream().mapToLong(a -> emulator.members(a).size()).sum();
    }
}
