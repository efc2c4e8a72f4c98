package io.github.batchaudience.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestBroker;
import org.apache.camel.CamelContext;

/**
 * The target: a JMS event reaches the API within the quiet period plus 100 ms. One event at a
 * time goes to the integration's JMS source (routes/jms.yaml on Camel Main, an Artemis broker and
 * the emulator in this JVM); the time from the send's commit until the emulator takes the PATCH
 * that carries it, less the quiet period, is what the source adds. Run by the bench profile
 * before the main benchmark, whose BENCH line stays the last one printed.
 */
public final class JmsLatency {
    private static final String QUEUE = "bench.events";
    private static final String AUDIENCE = "jms-latency";

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.jms.events", 20);
        long quietPeriod = Long.getLong("bench.jms.quietPeriod", 1_000);
        if (events == 0) {
            return;
        }
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"), "jms"));
        try (BatchEmulator emulator = IntegrationHarness.emulator();
             TestBroker broker = TestBroker.start(Files.createTempDirectory(dir, "broker"), "bench", "bench-secret")) {
            Map<String, String> properties = new HashMap<>(broker.sourceProperties(QUEUE));
            properties.put("batch.jms.quiet-period", String.valueOf(quietPeriod));
            properties.put("batch.audience." + AUDIENCE + ".id-type", "install_ids");
            try (IntegrationHarness it = new IntegrationHarness(emulator, Files.createTempDirectory(dir, "data"),
                                                                false, properties).start()) {
                CamelContext context = it.runner().camelContext();
                // The first event creates the audience: not measured.
                sendAndAwait(broker, emulator, context, "install-warmup");
                List<Long> extra = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    long nanos = sendAndAwait(broker, emulator, context, "install-" + i);
                    extra.add(TimeUnit.NANOSECONDS.toMillis(nanos) - quietPeriod);
                }
                Collections.sort(extra);
                System.out.printf(Locale.ROOT, "jms: %d events one at a time, quiet period %d ms: from the send to the"
                                               + " API taking it, the quiet period plus %d ms (median), %d ms (max);"
                                               + " target: plus 100 ms%n",
                                  events, quietPeriod, extra.get(extra.size() / 2), extra.get(extra.size() - 1));
            }
        }
    }

    /** Sends one event; returns the nanoseconds until the emulator took the PATCH carrying it. */
    private static long sendAndAwait(TestBroker broker, BatchEmulator emulator, CamelContext context, String id)
            throws Exception {
        long before = patches(emulator);
        broker.send(QUEUE, List.of("{\"audience\":\"" + AUDIENCE + "\",\"action\":\"add\",\"id\":\"" + id + "\"}"));
        long sent = System.nanoTime();
        long deadline = sent + TimeUnit.SECONDS.toNanos(30);
        while (patches(emulator) == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the event " + id + " did not reach the emulator in 30 s");
            }
            LockSupport.parkNanos(100_000);
        }
        long took = System.nanoTime() - sent;
        // The next event must find the source idle: its batch sent and waited for.
        while (context.getInflightRepository().size() > 0 || emulator.pendingWrites() > 0) {
            LockSupport.parkNanos(1_000_000);
        }
        return took;
    }

    /** PATCH requests the emulator has answered (it counts a request before answering it). */
    private static long patches(BatchEmulator emulator) {
        Object patch = ((Map<?, ?>) emulator.stats().get("requests")).get("PATCH");
        return patch instanceof Map ? ((Map<?, ?>) patch).values().stream()
                .mapToLong(n -> ((Number) n).longValue()).sum() : 0;
    }
}
