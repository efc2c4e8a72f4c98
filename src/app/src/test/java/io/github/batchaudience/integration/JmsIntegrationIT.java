package io.github.batchaudience.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import io.github.batchaudience.integration.testsupport.TestBroker;
import io.github.batchaudience.integration.testsupport.TestEvents;
import io.github.batchaudience.integration.testsupport.TestEvents.Event;
import io.github.batchaudience.integration.testsupport.TestEvents.Member;
import io.github.batchaudience.testing.LogCapture;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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
 * The JMS source end to end: the project's routes/jms.yaml on Camel Main, an Artemis broker in
 * this JVM (loopback, with a user and password), and the emulator.
 */
class JmsIntegrationIT {
    private static final String USER = "batch-events";
    private static final String PASSWORD = "jms-pw-5e91c0d7";

    @TempDir
    static Path brokerDir;
    static TestBroker broker;
    static String brokerUrl;
    static BatchEmulator emulator;

    @TempDir
    Path data;
    String queue;
    String dlq;
    Process process;

    @BeforeAll
    static void startBrokerAndEmulator() throws Exception {
        broker = TestBroker.start(brokerDir, USER, PASSWORD);
        brokerUrl = broker.url();
        emulator = IntegrationHarness.emulator();
    }

    @AfterAll
    static void stopBrokerAndEmulator() throws Exception {
        emulator.close();
        broker.close();
    }

    @BeforeEach
    void freshQueues(TestInfo test) {
        emulator.reset();
        queue = "events." + test.getTestMethod().orElseThrow().getName();
        dlq = queue + ".dlq";
    }

    @AfterEach
    void killChild() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    // ---- the tests

    @Test
    void eventsOfThreeAudiencesEndExactlyAsSentInOrder() throws Exception {
        createAudience("1.1", "jms-viewed", null);
        Random random = new Random(42);
        List<Event> events = new ArrayList<>();
        String[] audiences = { "jms-install", "jms-custom", "jms-viewed" };
        for (int i = 0; i < 25_000; i++) {
            String audience = audiences[random.nextInt(3)];
            // A small pool of IDs per audience: most IDs get several events, adds and removes.
            String id = audience + "-" + random.nextInt(2_500);
            if (random.nextInt(10) < 3) {
                events.add(Event.remove(audience, id));
            } else if (audience.equals("jms-custom")) {
                events.add(Event.add(audience, id, Map.of(), List.of()));
            } else {
                events.add(Event.add(audience, id, Map.of("tier", "t" + random.nextInt(5), "score", random.nextInt(1_000)),
                                     random.nextBoolean() ? List.of("vip") : List.of("a", "b" + random.nextInt(3))));
            }
        }
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < events.size();) {
            int n = random.nextBoolean() ? 1 : 2 + random.nextInt(40);
            List<Event> chunk = events.subList(i, Math.min(events.size(), i + n));
            messages.add(n == 1 ? chunk.get(0).json() : "[" + String.join(",", chunk.stream().map(Event::json).toList()) + "]");
            i += chunk.size();
        }
        long started = System.nanoTime();
        try (IntegrationHarness it = integration(Map.of("batch.jms.batch-size", "3000",
                                                       "batch.audience.jms-install.id-type", "install_ids",
                                                       "batch.audience.jms-custom.id-type", "custom_ids"))) {
            send(queue, messages);
            for (String audience : audiences) {
                Map<String, Member> expected = replay(events, audience);
                await().atMost(50, TimeUnit.SECONDS).until(() -> expected.equals(members(audience)));
            }
            System.out.printf("%d events in %d messages applied in %d ms%n", events.size(), messages.size(),
                              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(count(dlq)).isZero();
            assertThat(count(queue)).isZero();
            // About 8,300 events per audience in batches of 3,000: three per audience, not one per event.
            assertThat(statusCount("PATCH", 201)).isBetween(9L, 30L);
        }
    }

    @Test
    void aBatchIsSentOnlyOnceTheOneBeforeIsAppliedBecauseBatchMayApplyWritesOutOfOrder() throws Exception {
        List<List<Event>> rounds = TestEvents.flips("jms-install", 5);
        List<Event> first = rounds.get(0);
        List<Event> then = rounds.get(1);
        // The first write is applied a second or two after it is accepted, the next ones at once:
        // sent without waiting, the first would land last and undo them.
        emulator.setIndexingDelayMs(1_000);
        try (IntegrationHarness it = integration(Map.of("batch.jms.batch-size", "5",
                                                       "batch.audience.jms-install.id-type", "install_ids"))) {
            send(queue, first.stream().map(Event::json).toList());
            await().atMost(20, TimeUnit.SECONDS).until(() -> statusCount("PATCH", 201) == 1);
            emulator.setIndexingDelayMs(0);
            send(queue, then.stream().map(Event::json).toList());
            await().atMost(20, TimeUnit.SECONDS).until(() -> statusCount("PATCH", 201) == 3 && emulator.pendingWrites() == 0);
            List<Event> all = new ArrayList<>(first);
            all.addAll(then);
            assertThat(members("jms-install")).isEqualTo(replay(all, "jms-install"));
        }
    }

    @Test
    void malformedMessagesAndInvalidEventsGoToTheDeadLetterQueueWithTheReason() throws Exception {
        Map<String, String[]> bad = TestEvents.badEvents("jms-install", "jms-custom");
        List<String> messages = new ArrayList<>(bad.keySet());
        messages.add(Event.add("jms-install", "ok-1", Map.of("tier", "gold"), List.of()).json());
        // An array: its valid events are applied, the invalid one goes alone.
        messages.add("[" + Event.add("jms-install", "ok-2", Map.of(), List.of()).json()
                     + ",{\"audience\":\"jms-install\",\"action\":\"add\",\"id\":7}]");
        try (LogCapture logs = LogCapture.start("io.github.batchaudience", "org.apache.camel");
             IntegrationHarness it = integration(Map.of("batch.audience.jms-install.id-type", "install_ids",
                                                       "batch.audience.jms-custom.id-type", "custom_ids"))) {
            // A property of the producer's, which the dead letters must keep.
            broker.sendGrouped(queue, messages, m -> "crm-export");
            await().atMost(20, TimeUnit.SECONDS).until(() -> members("jms-install").keySet(),
                                                       ids -> ids.equals(Set.of("ok-1", "ok-2")));
            List<TextMessage> letters = receive(dlq, bad.size() + 1);
            Map<String, TextMessage> byBody = new HashMap<>();
            for (TextMessage letter : letters) {
                byBody.put(letter.getText(), letter);
            }
            for (Map.Entry<String, String[]> e : bad.entrySet()) {
                TextMessage letter = byBody.get(e.getKey());
                assertThat(letter).as("dead letter of %s", e.getKey()).isNotNull();
                assertThat(letter.getStringProperty("BatchAudienceDlqKind")).isEqualTo(e.getValue()[0]);
                assertThat(letter.getStringProperty("BatchAudienceDlqReason")).contains(e.getValue()[1]);
                assertThat(letter.getStringProperty("BatchAudienceDlqMessageId")).startsWith("ID:");
                assertThat(letter.getStringProperty("JMSXGroupID")).isEqualTo("crm-export");
            }
            TextMessage element = byBody.get("{\"audience\":\"jms-install\",\"action\":\"add\",\"id\":7}");
            assertThat(element.getStringProperty("BatchAudienceDlqReason")).isEqualTo("element 2 of 2: id must be a string");
            assertThat(element.getStringProperty("BatchAudienceDlqAudience")).isEqualTo("jms-install");
            assertThat(members("jms-install").get("ok-1")).isEqualTo(new Member(Map.of("tier", "gold"), List.of()));
            assertThat(emulator.members("jms-custom")).isEmpty();
            assertThat(count(queue)).isZero();
            it.close();
            // The broker's password is given to the integration; it must be in nothing it printed.
            assertThat(logs.text()).contains("batch.jms.password").doesNotContain(PASSWORD);
            assertThat(it.printed()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void eventsAggregatedButNotSentSurviveAStopAndAreSentAfterTheRestart() throws Exception {
        List<Event> events = toggles("jms-install", 500);
        Map<String, String> waitLong = Map.of("batch.jms.quiet-period", "600000",
                                              "batch.audience.jms-install.id-type", "install_ids");
        try (IntegrationHarness it = integration(waitLong)) {
            send(queue, events.stream().map(Event::json).toList());
            // Consumed and acknowledged: from now on only the journal has them.
            await().atMost(20, TimeUnit.SECONDS).until(() -> count(queue) == 0);
        }
        assertThat(statusCount("PATCH", 201)).isZero();
        assertThat(data.resolve("state/jms/events.mv.db")).exists();
        try (IntegrationHarness it = integration(Map.of("batch.audience.jms-install.id-type", "install_ids"))) {
            Map<String, Member> expected = replay(events, "jms-install");
            await().atMost(20, TimeUnit.SECONDS).until(() -> expected.equals(members("jms-install")));
            assertThat(statusCount("PATCH", 201)).isEqualTo(1);
        }
    }

    @Test
    void killedWithBatchesInFlightQueuedAndOpenThenRestartedEveryEventIsApplied() throws Exception {
        // 250 events in batches of 100: the first sent and waiting for indexing, the second
        // waiting behind it, the last 50 still open, when the process is killed. With 120 IDs in
        // turn, some IDs end as the second batch says, others as the open one (after the second).
        emulator.setIndexingDelayMs(2_000);
        List<Event> events = toggles("jms-install", 250, 120);
        process = launch(Map.of("batch.jms.batch-size", "100", "batch.jms.quiet-period", "600000"));
        send(queue, events.stream().map(Event::json).toList());
        await().atMost(60, TimeUnit.SECONDS).until(() -> count(queue) == 0 && statusCount("PATCH", 201) == 1);
        process.destroyForcibly().waitFor();
        // The killed run's write is left to land first: Batch itself may apply writes in any order.
        await().atMost(20, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
        // The first batch was applied; the rest only the journal knows.
        assertThat(members("jms-install")).isEqualTo(replay(events.subList(0, 100), "jms-install"));
        assertThat(Files.readString(onlyLog())).doesNotContain(PASSWORD).contains("batch.jms.password");

        emulator.setIndexingDelayMs(20);
        try (IntegrationHarness it = integration(Map.of("batch.audience.jms-install.id-type", "install_ids"))) {
            Map<String, Member> expected = replay(events, "jms-install");
            await().atMost(20, TimeUnit.SECONDS).until(() -> expected.equals(members("jms-install")));
        }
        assertThat(count(dlq)).isZero();
    }

    @Test
    void aBatchThatFailsForGoodGoesToTheDeadLetterQueueWithTheReasonAndAnAlert() throws Exception {
        // Configured as install IDs, but Batch holds custom IDs under that name: refused for good.
        createAudience("1.0", "jms-refused", "custom_ids");
        emulator.rejectIds(id -> id.startsWith("refused-by-api"));
        List<String> messages = List.of(
                Event.add("jms-refused", "r-1", Map.of(), List.of()).json(),
                Event.remove("jms-refused", "r-2").json(),
                Event.add("jms-install", "i-1", Map.of(), List.of()).json(),
                Event.add("jms-install", "refused-by-api-1", Map.of(), List.of()).json(),
                Event.add("jms-install", "i-2", Map.of(), List.of()).json());
        try (LogCapture logs = LogCapture.atConfiguredLevels();
             IntegrationHarness it = integration(Map.of("batch.audience.jms-refused.id-type", "install_ids",
                                                       "batch.audience.jms-install.id-type", "install_ids"))) {
            send(queue, messages);
            List<TextMessage> letters = receive(dlq, 3);
            Map<String, TextMessage> byBody = new HashMap<>();
            for (TextMessage letter : letters) {
                byBody.put(letter.getText(), letter);
            }
            for (String body : List.of(messages.get(0), messages.get(1))) {
                assertThat(byBody.get(body).getStringProperty("BatchAudienceDlqKind")).isEqualTo("failed");
                assertThat(byBody.get(body).getStringProperty("BatchAudienceDlqReason"))
                        .contains("jms-refused holds custom_ids, not install_ids");
                assertThat(byBody.get(body).getStringProperty("BatchAudienceDlqAudience")).isEqualTo("jms-refused");
            }
            TextMessage refused = byBody.get(messages.get(3));
            assertThat(refused.getStringProperty("BatchAudienceDlqKind")).isEqualTo("rejected");
            assertThat(refused.getStringProperty("BatchAudienceDlqReason")).contains("refused by the API");
            await().atMost(20, TimeUnit.SECONDS).until(() -> members("jms-install").keySet(),
                                                       ids -> ids.equals(Set.of("i-1", "i-2")));
            assertThat(logs.text()).contains("ALERT EVENTS_FAILED JMS events of jms-refused")
                    .contains("2 event(s) are in " + dlq)
                    .contains("ALERT REJECTED_ROWS JMS events of jms-install: 1 of 3 events rejected");
        }
    }

    @Test
    void aRefusedKeyFailsTheBatchForGood() throws Exception {
        List<String> messages = List.of(Event.add("jms-install", "k-1", Map.of(), List.of()).json(),
                                        Event.add("jms-install", "k-2", Map.of(), List.of()).json());
        try (IntegrationHarness it = integration(Map.of("batch.audience.jms-install.id-type", "install_ids",
                                                       "camel.component.batch-audience.rest-api-key", "wrong-rest-key"))) {
            send(queue, messages);
            List<TextMessage> letters = receive(dlq, 2);
            assertThat(letters).extracting(TextMessage::getText).containsExactlyInAnyOrderElementsOf(messages);
            for (TextMessage letter : letters) {
                assertThat(letter.getStringProperty("BatchAudienceDlqKind")).isEqualTo("failed");
                assertThat(letter.getStringProperty("BatchAudienceDlqReason")).contains("401").contains("AUTHENTICATION_INVALID");
            }
        }
        assertThat(emulator.members("jms-install")).isEmpty();
    }

    @Test
    void whileTheApiIsDownBatchesAreRetriedNeverDeadLetteredAndTheConsumerWaitsThenAllIsApplied() throws Exception {
        emulator.injectFault(BatchEmulator.Fault.MAINTENANCE, 1_000_000);
        List<Event> events = toggles("jms-install", 200);
        try (IntegrationHarness it = integration(Map.of("batch.jms.batch-size", "10",
                                                       "batch.audience.jms-install.id-type", "install_ids"))) {
            send(queue, events.stream().map(Event::json).toList());
            // Several rounds of the component's retries and of the route's redelivery.
            await().atMost(30, TimeUnit.SECONDS).until(() -> statusCount("GET", 503) + statusCount("PATCH", 503) >= 20);
            assertThat(count(dlq)).isZero();
            assertThat(emulator.members("jms-install")).isEmpty();
            // One batch being retried, two waiting, one more held by the consumer: the rest of
            // the messages wait in the broker, not in memory. Those the consumer took are not
            // acknowledged either while it waits: their group is committed once it goes on.
            assertThat(count(queue)).isBetween(150L, 200L);
            emulator.clearFaults();
            Map<String, Member> expected = replay(events, "jms-install");
            await().atMost(30, TimeUnit.SECONDS).until(() -> expected.equals(members("jms-install")));
            assertThat(count(dlq)).isZero();
            assertThat(count(queue)).isZero();
        }
    }

    @Test
    void disabledByDefaultItNeitherStartsNorConnects() throws Exception {
        try (ServerSocket fakeBroker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, Map.of(
                     "batch.jms.broker-url", "tcp://127.0.0.1:" + fakeBroker.getLocalPort())).start()) {
            assertThat(it.runner().camelContext().getRoute("folder-inbox")).isNotNull();
            assertThat(it.runner().camelContext().getRoute("jms-events")).isNull();
            assertThat(it.runner().camelContext().getRoute("jms-batch")).isNull();
            fakeBroker.setSoTimeout(1);
            Assertions.assertThrows(SocketTimeoutException.class, fakeBroker::accept);
            assertThat(data.resolve("state/jms")).doesNotExist();
        }
    }

    // ---- events and their expected outcome: TestEvents

    private static Map<String, Member> members(String audience) {
        return TestEvents.members(emulator, audience);
    }

    // ---- the integration, the broker and the emulator

    private IntegrationHarness integration(Map<String, String> more) throws InterruptedException {
        Map<String, String> properties = new HashMap<>(jmsProperties());
        properties.putAll(more);
        return new IntegrationHarness(emulator, data, false, properties).start();
    }

    private Map<String, String> jmsProperties() {
        return broker.sourceProperties(queue);
    }

    /** The integration as its own JVM, the broker's address and credentials from the environment. */
    private Process launch(Map<String, String> more) throws IOException {
        List<String> settings = new ArrayList<>(List.of("-Dbatch.data=" + data));
        Map<String, String> properties = new HashMap<>(jmsProperties());
        properties.remove("batch.jms.broker-url");
        properties.remove("batch.jms.user");
        properties.remove("batch.jms.password");
        properties.put("batch.audience.jms-install.id-type", "install_ids");
        properties.put("camel.component.batch-audience.indexing-poll-interval", "20");
        properties.putAll(more);
        properties.forEach((k, v) -> settings.add("-D" + k + "=" + v));
        ProcessBuilder builder = ChildJvm.cli("256m", settings, "run").redirectErrorStream(true)
                .redirectOutput(data.resolve("child.log").toFile());
        builder.environment().put("BATCH_API_KEY", IntegrationHarness.API_KEY);
        builder.environment().put("BATCH_REST_API_KEY", IntegrationHarness.REST_KEY);
        builder.environment().put("BATCH_BASE_URL", emulator.baseUrl());
        builder.environment().put("BATCH_JMS_BROKER_URL", brokerUrl);
        builder.environment().put("BATCH_JMS_USER", USER);
        builder.environment().put("BATCH_JMS_PASSWORD", PASSWORD);
        return builder.start();
    }

    private Path onlyLog() {
        return data.resolve("child.log");
    }

    private static ActiveMQConnectionFactory client() {
        return broker.client();
    }

    private static void send(String queue, List<String> messages) throws JMSException {
        broker.send(queue, messages);
    }

    /** Waits until the queue holds n messages, then takes them. */
    private static List<TextMessage> receive(String queue, int n) throws JMSException {
        await().atMost(30, TimeUnit.SECONDS).until(() -> count(queue) >= n);
        List<TextMessage> messages = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = client(); Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            for (int i = 0; i < n; i++) {
                messages.add((TextMessage) consumer.receive(5_000));
            }
            assertThat(consumer.receiveNoWait()).as("more than %d messages in %s", n, queue).isNull();
        }
        return messages;
    }

    private static long count(String queue) {
        return broker.count(queue);
    }

    private static long statusCount(String method, int status) {
        Map<?, ?> byMethod = (Map<?, ?>) emulator.stats().get("requests");
        Object counts = byMethod.get(method);
        Object n = counts instanceof Map ? ((Map<?, ?>) counts).get(String.valueOf(status)) : null;
        return n == null ? 0 : ((Number) n).longValue();
    }

    /** Creates an audience in the emulator as another tool would: 1.0 with its type, or 1.1. */
    private static void createAudience(String version, String name, String type) throws Exception {
        String body = type == null ? "{\"description\":\"test\"}" : "{\"type\":\"" + type + "\",\"description\":\"test\"}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/" + version + "/" + IntegrationHarness.API_KEY
                                                  + "/custom-audience/" + name))
                        .header("X-Authorization", IntegrationHarness.REST_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }
}
