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
 * Artemis broker and the emulator in this JVM): one event a message, spread over three
 * audiences, from the first send until the emulator has applied every one. The journal in the
 * state folder's H2 file, then in PostgreSQL (the shared state).
 */
public final class JmsThroughput {
    private static final String QUEUE = "bench.throughput";
    private static final List<String> AUDIENCES = List.of("jms-rate-a", "jms-rate-b", "jms-rate-c");

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.jms.throughput.events", 100_000);
        if (events == 0) {
            return;
        }
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"), "jms-throughput"));
        for (boolean postgres : new boolean[] {false, true}) {
            double rate = measure(dir, events, postgres);
            System.out.printf(Locale.ROOT, "jms-throughput: %d events over %d audiences, %s state: %.0f events/s%n",
                              events, AUDIENCES.size(), postgres ? "PostgreSQL" : "file", rate);
        }
    }

    /** Events per second from the first send until the emulator has applied the last event. */
    public static double measure(Path dir, int events, boolean postgres) throws Exception {
        Files.createDirectories(dir);
        try (BatchEmulator emulator = IntegrationHarness.emulator();
             TestBroker broker = TestBroker.start(Files.createTempDirectory(dir, "broker"), "bench", "bench-secret");
             TestPostgres pg = postgres ? TestPostgres.start() : null) {
            Map<String, String> properties = new HashMap<>(broker.sourceProperties(QUEUE));
            // Ends the last, partial batch of each audience soon after the last event.
            properties.put("batch.jms.quiet-period", System.getProperty("bench.jms.quietPeriod", "200"));
            for (String audience : AUDIENCES) {
                properties.put("batch.audience." + audience + ".id-type", "install_ids");
                IntegrationHarness.createAudience(emulator, audience);
            }
            if (pg != null) {
                properties.putAll(pg.settings(pg.jdbcUrl()));
            }
            List<String> messages = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                messages.add("{\"audience\":\"" + AUDIENCES.get(i % AUDIENCES.size())
                             + "\",\"action\":\"add\",\"id\":\"install-" + i + "\"}");
            }
            try (IntegrationHarness it = new IntegrationHarness(emulator, Files.createTempDirectory(dir, "data"),
                                                                false, properties).start()) {
                long start = System.nanoTime();
                broker.send(QUEUE, messages);
                awaitApplied(emulator, events, it);
                return events / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    private static void awaitApplied(BatchEmulator emulator, int events, IntegrationHarness it) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!EmulatorProgress.allApplied(emulator, AUDIENCES, events)) {
            if (System.nanoTime() > deadline || it.runner().camelContext().isStopped()) {
                String printed = it.printed();
                throw new IllegalStateException("only " + EmulatorProgress.applied(emulator, AUDIENCES) + " of " + events + " events applied; the"
                                                + " integration printed:\n" + printed.substring(Math.max(0, printed.length() - 4000)));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
