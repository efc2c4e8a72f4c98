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
import io.github.batchaudience.integration.testsupport.TestKafkaBroker;

/**
 * Events per second through the integration's Kafka source (routes/kafka.yaml on Camel Main, a
 * one-node Kafka cluster and the emulator in this JVM): events over 3 audiences, one record each,
 * keyed by audience, each audience in its own partition of a 3-partition topic. Measured from the
 * first send until the emulator holds every event and the group's offsets cover every record.
 * The Kafka source keeps no state of its own (Kafka is its journal), so the state store does not
 * enter this figure.
 */
public final class KafkaThroughput {
    private static final String TOPIC = "bench.kafka.events";
    private static final String GROUP = "bench-kafka";
    private static final int PARTITIONS = 3;

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.kafka.events", 100_000);
        Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"), "kafka"));
        System.out.printf(Locale.ROOT, "kafka-throughput: %d events over 3 audiences: %.0f events/s%n", events,
                          measure(dir, events));
    }

    /** Events per second, from the first send until every event is applied and its offset committed. */
    public static double measure(Path dir, int events) throws Exception {
        List<String> audiences = TestKafkaBroker.keysInDistinctPartitions("kafka-bench", PARTITIONS);
        List<Map.Entry<String, String>> records = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String audience = audiences.get(i % audiences.size());
            records.add(Map.entry(audience, "{\"audience\":\"" + audience + "\",\"action\":\"add\",\"id\":\"install-"
                                            + i + "\"}"));
        }
        try (BatchEmulator emulator = IntegrationHarness.emulator();
             TestKafkaBroker broker = TestKafkaBroker.start()) {
            broker.createTopic(TOPIC, PARTITIONS);
            broker.createTopic(TOPIC + ".dlq", 1);
            Map<String, String> properties = new HashMap<>(broker.sourceProperties(TOPIC, GROUP));
            // The shipped batching and indexing poll, rather than the tests' short waits.
            properties.put("batch.kafka.quiet-period", "1000");
            properties.put("batch.kafka.max-wait", "10000");
            properties.put("camel.component.batch-audience.indexing-poll-interval",
                           System.getProperty("bench.kafka.indexingPoll", "1000"));
            String batchSize = System.getProperty("bench.kafka.batchSize");
            if (batchSize != null) {
                properties.put("batch.kafka.batch-size", batchSize);
            }
            audiences.forEach(a -> properties.put("batch.audience." + a + ".id-type", "install_ids"));
            try (IntegrationHarness it = new IntegrationHarness(emulator, Files.createTempDirectory(dir, "data"), false,
                                                                properties).start()) {
                long start = System.nanoTime();
                broker.send(TOPIC, records);
                long deadline = start + TimeUnit.MINUTES.toNanos(10);
                while (!EmulatorProgress.allApplied(emulator, audiences, events)
                       || broker.committedTotal(GROUP, TOPIC) < events) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the events were not all applied and committed in 10 minutes");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
                return events / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
