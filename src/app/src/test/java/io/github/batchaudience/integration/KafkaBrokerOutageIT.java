package io.github.batchaudience.integration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestEvents;
import io.github.batchaudience.integration.testsupport.TestEvents.Event;
import io.github.batchaudience.integration.testsupport.TestKafkaBroker;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.github.batchaudience.integration.testsupport.TestEvents.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka brokers go away while a batch waits for its indexing, and come back: the commit
 * fails, the poll is rewound without the brokers and the consumer paused, with one WARN; the
 * consumer is not rebuilt; once the brokers answer, the batch is read and applied again, every
 * offset is committed, one INFO says so, and the audience is exact.
 */
class KafkaBrokerOutageIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    @TempDir
    Path data;

    @Test
    void brokersAwayMidBatchThenBack() throws Exception {
        BatchEmulator emulator = BATCH.emulator();
        try (TestKafkaBroker broker = TestKafkaBroker.startRestartable();
             LogCapture log = LogCapture.atConfiguredLevels()) {
            broker.createTopic("events", 1);
            broker.createTopic("events.dlq", 1);
            Map<String, String> properties = new HashMap<>(broker.sourceProperties("events", "outage"));
            properties.put("batch.audience.kafka-outage.id-type", "install_ids");
            properties.put("camel.component.kafka.commit-timeout-ms", "2000");
            List<Event> events = new ArrayList<>(TestEvents.toggles("kafka-outage", 200, 50));
            // Applied 3 s after it is accepted: the brokers go away while the batch waits for it.
            emulator.setIndexingDelayMs(3_000);
            try (IntegrationHarness it = new IntegrationHarness(emulator, data, false, properties).start()) {
                broker.send("events", events.stream().map(e -> Map.entry(e.audience(), e.json())).toList());
                await().atMost(30, TimeUnit.SECONDS).until(() -> IntegrationHarness.requests(emulator, "PATCH", "201") >= 1);
                broker.stopBroker();
                await("the WARN").atMost(60, TimeUnit.SECONDS).until(() -> log.text().contains("the brokers do not answer"));
                assertThat(log.text()).contains("Kafka events: the brokers do not answer").contains("200 record(s) not applied");

                emulator.setIndexingDelayMs(20);
                broker.startBroker();
                Map<String, TestEvents.Member> expected = replay(events, "kafka-outage");
                await().atMost(60, TimeUnit.SECONDS).until(() -> broker.committedTotal("outage", "events") == events.size());
                assertThat(TestEvents.members(emulator, "kafka-outage")).isEqualTo(expected);
                await("the INFO").atMost(10, TimeUnit.SECONDS).until(() -> log.text().contains("the brokers answer again"));
                assertThat(log.count("the brokers do not answer")).isEqualTo(1);
                // The consumer was rewound without the brokers, never rebuilt by camel-kafka.
                assertThat(log.text()).doesNotContain("could not be rewound");
                assertThat(broker.endOffsets("events.dlq")).isZero();
            }
        }
    }
}
