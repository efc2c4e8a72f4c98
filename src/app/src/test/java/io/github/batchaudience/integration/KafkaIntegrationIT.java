package io.github.batchaudience.integration;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.ChildJvm;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestEvents;
import io.github.batchaudience.integration.testsupport.TestEvents.Event;
import io.github.batchaudience.integration.testsupport.TestEvents.Member;
import io.github.batchaudience.integration.testsupport.TestKafkaBroker;
import io.github.batchaudience.testing.LogCapture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import static io.github.batchaudience.integration.testsupport.TestEvents.replay;
import static io.github.batchaudience.integration.testsupport.TestEvents.toggles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka source end to end: the project's routes/kafka.yaml on Camel Main, a Kafka broker in
 * this JVM (KRaft, loopback) and the emulator. Each test has its own topic (3 partitions), its
 * dead-letter topic and its consumer group.
 */
class KafkaIntegrationIT {
    private static final int PARTITIONS = 3;

    static TestKafkaBroker broker;
    static BatchEmulator emulator;

    @TempDir
    Path data;
    String topic;
    String dlq;
    String group;

    @BeforeAll
    static void startBrokerAndEmulator() throws Exception {
        broker = TestKafkaBroker.start();
        emulator = IntegrationHarness.emulator();
    }

    @AfterAll
    static void stopBrokerAndEmulator() throws Exception {
        emulator.close();
        broker.close();
    }

    @BeforeEach
    void freshTopics(TestInfo test) throws Exception {
        emulator.reset();
        String name = test.getTestMethod().orElseThrow().getName();
        topic = "events." + name;
        dlq = topic + ".dlq";
        group = "group." + name;
        broker.createTopic(topic, PARTITIONS);
        broker.createTopic(dlq, 1);
    }

    // ---- the tests

    @Test
    void eventsOfSeveralAudiencesInSeveralPartitionsEndExactlyAsSentAndEveryOffsetIsCommitted() throws Exception {
        List<String> audiences = TestKafkaBroker.keysInDistinctPartitions("kafka-aud", PARTITIONS);
        Random random = new Random(42);
        Map<String, String> more = new HashMap<>();
        more.put("batch.kafka.batch-size", "300");
        audiences.forEach(a -> more.put("batch.audience." + a + ".id-type", "install_ids"));
        List<Event> events = new ArrayList<>();
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 3_000;) {
            String audience = audiences.get(random.nextInt(audiences.size()));
            // A record holds one event, or an array of several of its audience.
            int n = random.nextBoolean() ? 1 : 2 + random.nextInt(10);
            List<Event> chunk = new ArrayList<>();
            for (int k = 0; k < n; k++, i++) {
                String id = audience + "-" + random.nextInt(300);
                chunk.add(random.nextInt(10) < 3 ? Event.remove(audience, id)
                                  : Event.add(audience, id, Map.of("tier", "t" + random.nextInt(5)),
                                              random.nextBoolean() ? List.of("vip") : List.of()));
            }
            events.addAll(chunk);
            records.add(Map.entry(audience, n == 1 ? chunk.get(0).json()
                    : "[" + String.join(",", chunk.stream().map(Event::json).toList()) + "]"));
        }
        try (IntegrationHarness it = integration(more)) {
            broker.send(topic, records);
            for (String audience : audiences) {
                Map<String, Member> expected = replay(events, audience);
                await().atMost(60, TimeUnit.SECONDS).until(() -> expected.equals(members(audience)));
            }
            await().atMost(20, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == records.size());
            assertThat(broker.committed(group, topic)).hasSize(PARTITIONS);
            assertThat(broker.endOffsets(dlq)).isZero();
            // Batches of up to 300 records, one update per audience and batch: not one per record.
            assertThat(requests("PATCH", "201")).isBetween(3L, (long) records.size() / 4);
        }
    }

    @Test
    void anAudiencesNextBatchIsSentOnlyOnceTheOneBeforeIsAppliedAndCommittedOnlyThen() throws Exception {
        List<List<Event>> rounds = TestEvents.flips("kafka-install", 5);
        List<Event> first = new ArrayList<>(rounds.get(0));
        List<Event> then = new ArrayList<>(rounds.get(1));
        // And IDs added in the first batch, removed in the next: removed in the end.
        for (int i = 0; i < 5; i++) {
            first.add(Event.add("kafka-install", "gone-" + i, Map.of(), List.of()));
            then.add(Event.remove("kafka-install", "gone-" + i));
        }
        // The first write is applied a second or so after it is accepted, the next ones at once:
        // sent without waiting, the first would land last and undo them.
        emulator.setIndexingDelayMs(1_000);
        try (IntegrationHarness it = integration(Map.of("batch.kafka.batch-size", "10",
                                                       "batch.audience.kafka-install.id-type", "install_ids"))) {
            send(first);
            await().atMost(30, TimeUnit.SECONDS).until(() -> requests("PATCH", "201") == 1);
            // Sent, not applied yet: not committed either.
            assertThat(broker.committedTotal(group, topic)).isZero();
            emulator.setIndexingDelayMs(0);
            send(then);
            await().atMost(30, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == 25);
            List<Event> all = new ArrayList<>(first);
            all.addAll(then);
            assertThat(emulator.pendingWrites()).isZero();
            assertThat(members("kafka-install")).isEqualTo(replay(all, "kafka-install"))
                    .doesNotContainKeys("gone-0", "gone-4").containsKey("flip-0");
            assertThat(members("kafka-install").get("flip-0").attributes()).isEqualTo(Map.of("round", 3));
        }
    }

    @Test
    void theAudiencesOfAPollAreSentSideBySideAndItsOffsetsCommittedOnlyOnceEveryOneIsApplied() throws Exception {
        List<String> audiences = TestKafkaBroker.keysInDistinctPartitions("kafka-side", PARTITIONS);
        Map<String, String> more = new HashMap<>();
        audiences.forEach(a -> more.put("batch.audience." + a + ".id-type", "install_ids"));
        List<Event> events = new ArrayList<>();
        for (String audience : audiences) {
            events.addAll(toggles(audience, 20));
        }
        // In the topic before the consumer starts: its first poll holds every audience.
        send(events);
        // Each write is applied a few seconds after it is accepted: one audience after the other,
        // never more than one would wait at a time.
        emulator.setIndexingDelayMs(3_000);
        try (IntegrationHarness it = integration(more)) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == PARTITIONS);
            assertThat(requests("PATCH", "201")).isEqualTo(PARTITIONS);
            // Sent, not applied yet: not committed either.
            assertThat(broker.committedTotal(group, topic)).isZero();
            await().atMost(30, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == events.size());
            assertThat(emulator.pendingWrites()).isZero();
            for (String audience : audiences) {
                assertThat(members(audience)).isEqualTo(replay(events, audience));
            }
        }
    }

    @Test
    void anAudiencesBatchesStayInOrderWhileTheAudiencesOfEachPollAreSentSideBySide() throws Exception {
        List<String> audiences = TestKafkaBroker.keysInDistinctPartitions("kafka-order", PARTITIONS);
        Map<String, String> more = new HashMap<>();
        more.put("batch.kafka.batch-size", "30");
        audiences.forEach(a -> more.put("batch.audience." + a + ".id-type", "install_ids"));
        // Writes of an audience accepted within one indexing window are applied the last first: a
        // batch sent before the one before it is applied would be undone by it.
        emulator.setIndexingOrder(BatchEmulator.IndexingOrder.REVERSE);
        emulator.setIndexingDelayMs(300);
        List<Event> events = TestEvents.interleavedToggles(audiences, 150, 7, 11);
        try (IntegrationHarness it = integration(more)) {
            send(events);
            await().atMost(60, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == events.size());
            // Several polls, each with several audiences.
            assertThat(requests("PATCH", "201")).isGreaterThan(2L * PARTITIONS);
            for (String audience : audiences) {
                assertThat(members(audience)).isEqualTo(replay(events, audience));
            }
        }
    }

    @Test
    void malformedInvalidRejectedAndFailedEventsGoToTheDeadLetterTopicKeyedByAudienceWithTheReason() throws Exception {
        Map<String, String[]> bad = TestEvents.badEvents("kafka-install", "kafka-custom");
        List<Map.Entry<String, String>> records = new ArrayList<>();
        bad.keySet().forEach(value -> records.add(Map.entry("kafka-install", value)));
        records.add(Map.entry("kafka-install", Event.add("kafka-install", "ok-1", Map.of("tier", "gold"), List.of()).json()));
        // An array: its valid events are applied, the invalid one goes alone.
        String element = "{\"audience\":\"kafka-install\",\"action\":\"add\",\"id\":7}";
        records.add(Map.entry("kafka-install", "[" + Event.add("kafka-install", "ok-2", Map.of(), List.of()).json()
                                               + "," + element + "]"));
        // Refused by the API at send time: the rest of its batch is applied.
        emulator.rejectIds(id -> id.startsWith("refused-by-api"));
        String refused = Event.add("kafka-install", "refused-by-api-1", Map.of(), List.of()).json();
        records.add(Map.entry("kafka-install", refused));
        // An audience that does not exist and has no ID type configured: its batch fails for good.
        List<String> failed = List.of(Event.add("kafka-unknown", "u-1", Map.of(), List.of()).json(),
                                      Event.remove("kafka-unknown", "u-2").json());
        failed.forEach(value -> records.add(Map.entry("kafka-unknown", value)));
        try (LogCapture logs = LogCapture.atConfiguredLevels();
             IntegrationHarness it = integration(Map.of("batch.audience.kafka-install.id-type", "install_ids",
                                                       "batch.audience.kafka-custom.id-type", "custom_ids"))) {
            broker.send(topic, records);
            int letters = bad.size() + 1 + 1 + failed.size();
            Map<String, ConsumerRecord<String, String>> byValue = new HashMap<>();
            for (ConsumerRecord<String, String> r : broker.read(dlq, letters, Duration.ofSeconds(60))) {
                assertThat(byValue.put(r.value(), r)).as("dead letter %s once", r.value()).isNull();
            }
            assertThat(byValue).hasSize(letters);
            for (Map.Entry<String, String[]> e : bad.entrySet()) {
                ConsumerRecord<String, String> letter = byValue.get(e.getKey());
                assertThat(letter).as("dead letter of %s", e.getKey()).isNotNull();
                assertThat(header(letter, "BatchAudienceDlqKind")).isEqualTo(e.getValue()[0]);
                assertThat(header(letter, "BatchAudienceDlqReason")).contains(e.getValue()[1]);
                assertThat(header(letter, "BatchAudienceDlqRecord")).matches(topic.replace(".", "\\.") + "-[0-2]@\\d+");
            }
            // Keyed by audience: the record's own key when the audience could not be read.
            assertThat(byValue.get("this is not JSON").key()).isEqualTo("kafka-install");
            assertThat(byValue.get(bad.keySet().stream().filter(v -> v.contains("kafka-custom")).findFirst().orElseThrow())
                               .key()).isEqualTo("kafka-custom");
            ConsumerRecord<String, String> invalidElement = byValue.get(element);
            assertThat(header(invalidElement, "BatchAudienceDlqReason")).isEqualTo("element 2 of 2: id must be a string");
            assertThat(header(invalidElement, "BatchAudienceDlqAudience")).isEqualTo("kafka-install");
            assertThat(invalidElement.key()).isEqualTo("kafka-install");
            assertThat(header(byValue.get(refused), "BatchAudienceDlqKind")).isEqualTo("rejected");
            assertThat(header(byValue.get(refused), "BatchAudienceDlqReason")).contains("refused by the API");
            for (String value : failed) {
                ConsumerRecord<String, String> letter = byValue.get(value);
                assertThat(header(letter, "BatchAudienceDlqKind")).isEqualTo("failed");
                assertThat(header(letter, "BatchAudienceDlqAudience")).isEqualTo("kafka-unknown");
                assertThat(letter.key()).isEqualTo("kafka-unknown");
            }
            // Nothing of the consumer's own exchange (Kafka or Camel headers) leaks into a dead letter.
            assertThat(byValue.values()).allSatisfy(r -> assertThat(r.headers()).extracting(Header::key)
                    .allMatch(k -> k.startsWith("BatchAudienceDlq")));
            await().atMost(20, TimeUnit.SECONDS).until(() -> members("kafka-install").keySet(),
                                                       ids -> ids.equals(Set.of("ok-1", "ok-2")));
            assertThat(members("kafka-install").get("ok-1")).isEqualTo(new Member(Map.of("tier", "gold"), List.of()));
            assertThat(emulator.members("kafka-custom")).isEmpty();
            await().atMost(20, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == records.size());
            assertThat(logs.text()).contains("ALERT EVENTS_FAILED Kafka events of kafka-unknown")
                    .contains("2 event(s) are in " + dlq)
                    .contains("ALERT REJECTED_ROWS Kafka events of kafka-install");
        }
    }

    @Test
    void whileTheApiIsDownNothingIsCommittedNorDeadLetteredTheConsumerKeepsItsPartitionsThenAllIsApplied()
            throws Exception {
        List<Event> events = toggles("kafka-install", 60);
        // Paused between attempts for longer than Kafka's max.poll.interval.ms: were the consumer
        // blocked meanwhile rather than paused and polling, the group would drop it.
        Map<String, String> more = Map.of("batch.audience.kafka-install.id-type", "install_ids",
                                          "batch.kafka.max-poll-interval", "3000",
                                          "batch.kafka.retry-delay", "2000", "batch.kafka.retry-max-delay", "4000");
        try (LogCapture logs = LogCapture.atConfiguredLevels(); IntegrationHarness it = integration(more)) {
            Map<String, Integer> members = await().atMost(30, TimeUnit.SECONDS).until(() -> broker.assignments(group),
                                                                                      m -> !m.isEmpty());
            assertThat(members.values()).containsExactly(PARTITIONS);
            emulator.injectFault(BatchEmulator.Fault.MAINTENANCE, 1_000_000);
            long started = System.nanoTime();
            send(events);
            // Three rounds of the component's six attempts (its view), with pauses of 2 and 4 s between them.
            await().atMost(60, TimeUnit.SECONDS).until(() -> requests("GET", "503") + requests("PATCH", "503") >= 18);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThan(5_000);
            assertThat(broker.committedTotal(group, topic)).isZero();
            assertThat(broker.endOffsets(dlq)).isZero();
            assertThat(emulator.members("kafka-install")).isEmpty();
            assertThat(broker.assignments(group)).isEqualTo(members);
            emulator.clearFaults();
            Map<String, Member> expected = replay(events, "kafka-install");
            await().atMost(30, TimeUnit.SECONDS).until(() -> expected.equals(members("kafka-install")));
            await().atMost(20, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == events.size());
            assertThat(broker.endOffsets(dlq)).isZero();
            // The same member all along: no rebalance, no reconnection.
            assertThat(broker.assignments(group)).isEqualTo(members);
            assertThat(logs.text()).contains("nothing committed, the consumer keeps its partitions and reads them again in 2000 ms")
                    .contains("reads them again in 4000 ms");
        }
    }

    @Test
    void killedWhileABatchWaitsForIndexingThenStartedAgainEveryEventIsApplied() throws Exception {
        // 250 events of one audience (one partition) in batches of 100: the first applied and
        // committed, the second sent and waiting for indexing when the process is killed.
        emulator.setIndexingDelayMs(2_000);
        List<Event> events = toggles("kafka-install", 250, 120);
        send(events);
        List<String> jvmArgs = new ArrayList<>();
        Map<String, String> properties = new HashMap<>(broker.sourceProperties(topic, group));
        properties.remove("batch.kafka.brokers");
        properties.put("batch.kafka.batch-size", "100");
        properties.put("batch.audience.kafka-install.id-type", "install_ids");
        properties.put("camel.component.batch-audience.indexing-poll-interval", "20");
        properties.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        Path log = data.resolve("child.log");
        Process process = ChildJvm.integration(emulator, data, jvmArgs,
                                                    Map.of("BATCH_KAFKA_BROKERS", broker.bootstrapServers()), log);
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> requests("PATCH", "201") == 2);
            // The first batch is committed, the one being indexed is not.
            assertThat(broker.committedTotal(group, topic)).isEqualTo(100);
        } finally {
            process.destroyForcibly().waitFor();
        }
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains(broker.bootstrapServers());
        // The killed run's write is left to land first: Batch itself may apply writes in any order.
        await().atMost(20, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
        assertThat(broker.committedTotal(group, topic)).isEqualTo(100);

        emulator.setIndexingDelayMs(20);
        try (IntegrationHarness it = integration(Map.of("batch.audience.kafka-install.id-type", "install_ids"))) {
            Map<String, Member> expected = replay(events, "kafka-install");
            await().atMost(60, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == events.size());
            assertThat(members("kafka-install")).isEqualTo(expected);
        }
        assertThat(broker.endOffsets(dlq)).isZero();
    }

    @Test
    void twoInstancesShareThePartitionsAndWhenOneIsKilledTheOtherTakesOverItsPartitionsLosingNothing()
            throws Exception {
        List<String> audiences = TestKafkaBroker.keysInDistinctPartitions("kafka-pair", PARTITIONS);
        List<String> jvmArgs = new ArrayList<>();
        Map<String, String> properties = new HashMap<>(broker.sourceProperties(topic, group));
        properties.put("batch.kafka.batch-size", "50");
        properties.put("camel.component.batch-audience.indexing-poll-interval", "20");
        audiences.forEach(a -> properties.put("batch.audience." + a + ".id-type", "install_ids"));
        properties.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        Path childData = Files.createDirectories(data.resolve("child"));
        Process child = ChildJvm.integration(emulator, childData, jvmArgs, childData.resolve("child.log"));
        try {
            await().atMost(60, TimeUnit.SECONDS).until(() -> broker.assignments(group).size() == 1);
            emulator.setIndexingDelayMs(200);
            try (IntegrationHarness it = integration(properties)) {
                // Both in the group, the partitions shared between them.
                await().atMost(30, TimeUnit.SECONDS).until(() -> broker.assignments(group).size() == 2);
                // Each audience's adds and removes in order, the audiences interleaved at random.
                List<Event> sent = TestEvents.interleavedToggles(audiences, 300, 40, 7);
                send(sent.subList(0, sent.size() / 2));
                await().atMost(30, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) > 0);
                child.destroyForcibly().waitFor();
                send(sent.subList(sent.size() / 2, sent.size()));
                for (String audience : audiences) {
                    Map<String, Member> expected = replay(sent, audience);
                    await().atMost(60, TimeUnit.SECONDS).until(() -> expected.equals(members(audience)));
                }
                await().atMost(30, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == sent.size());
                // The survivor holds every partition.
                assertThat(broker.assignments(group).values()).containsExactly(PARTITIONS);
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(broker.endOffsets(dlq)).isZero();
    }

    @Test
    void disabledByDefaultItNeitherStartsNorConnects() throws Exception {
        try (ServerSocket fakeBroker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, Map.of(
                     "batch.kafka.brokers", "127.0.0.1:" + fakeBroker.getLocalPort())).start()) {
            assertThat(it.runner().camelContext().getRoute("folder-inbox")).isNotNull();
            assertThat(it.runner().camelContext().getRoute("kafka-events")).isNull();
            assertThat(it.runner().camelContext().getRoute("kafka-batch")).isNull();
            assertThat(it.runner().camelContext().getRoute("kafka-dead-letter")).isNull();
            fakeBroker.setSoTimeout(1);
            Assertions.assertThrows(SocketTimeoutException.class, fakeBroker::accept);
        }
    }

    // ---- helpers

    /** Audience names whose records land in distinct partitions, one per partition. */
    private IntegrationHarness integration(Map<String, String> more) throws InterruptedException {
        Map<String, String> properties = new HashMap<>(broker.sourceProperties(topic, group));
        properties.putAll(more);
        return new IntegrationHarness(emulator, data, false, properties).start();
    }

    /** Sends the events in order, each a record keyed by its audience. */
    private void send(List<Event> events) throws Exception {
        broker.send(topic, events.stream().map(e -> Map.entry(e.audience(), e.json())).toList());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Member> members(String audience) {
        return TestEvents.members(emulator, audience);
    }

    private static long requests(String method, String status) {
        return IntegrationHarness.requests(emulator, method, status);
    }
}
