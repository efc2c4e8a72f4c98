package io.github.batchaudience.integration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestBroker;
import io.github.batchaudience.integration.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JMS event journal in the shared PostgreSQL: events one instance acknowledged and had not
 * sent are sent by another, before the later events of their audience.
 */
class SharedJmsJournalIT {
    private static final String USER = "batch-events";
    private static final String PASSWORD = "jms-pw-77a1";

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    @TempDir
    static Path brokerDir;
    static TestBroker broker;
    static TestPostgres postgres;

    @TempDir
    Path first;
    @TempDir
    Path second;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(brokerDir, USER, PASSWORD);
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
        broker.close();
    }

    private static String event(String action, String id) {
        return "{\"audience\":\"vip-users\",\"action\":\"" + action + "\",\"id\":\"" + id + "\"}";
    }

    @Test
    void eventsTakenByAStoppedInstanceAreSentByAnotherBeforeTheLaterOnes() throws Exception {
        String url = postgres.createDatabase("jms_shared");
        DataSource db = postgres.dataSource("jms_shared");
        BatchEmulator emulator = BATCH.emulator();
        Map<String, String> settings = new HashMap<>(broker.sourceProperties("events.shared"));
        settings.putAll(postgres.settings(url));
        // The first instance never sends: its quiet period outlasts the test.
        Map<String, String> holding = new HashMap<>(settings);
        holding.put("batch.jms.quiet-period", "3600000");
        try (IntegrationHarness a = new IntegrationHarness(emulator, first, false, holding).start()) {
            broker.send("events.shared", List.of(event("add", "install-1"), event("add", "install-2"),
                                                 "[" + event("add", "install-3") + "," + event("add", "install-4") + "]"));
            // Acknowledged only once their events are committed to the journal.
            await().atMost(30, TimeUnit.SECONDS).until(() -> broker.count("events.shared") == 0);
        }
        assertThat(emulator.members("vip-users")).isEmpty();
        assertThat(TestPostgres.first(db, "SELECT string_agg(event, '' ORDER BY seq) FROM jms_event"))
                .contains("install-1", "install-2", "install-3", "install-4");
        try (IntegrationHarness b = new IntegrationHarness(emulator, second, false, settings).start()) {
            broker.send("events.shared", List.of(event("remove", "install-1")));
            await().atMost(60, TimeUnit.SECONDS).until(
                    () -> TestPostgres.count(db, "SELECT count(*) FROM jms_event") == 0
                          && members(emulator).equals(Set.of("install-2", "install-3", "install-4")));
            assertThat(b.printed()).doesNotContain(TestPostgres.PASSWORD).doesNotContain(PASSWORD);
        }
        assertThat(members(emulator)).containsExactlyInAnyOrder("install-2", "install-3", "install-4");
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM jms_batch")).isZero();
    }

    @Test
    void twoInstancesCompetingForOneQueueKeepEachAudiencesOrderThroughMessageGroups() throws Exception {
        String url = postgres.createDatabase("jms_groups");
        DataSource db = postgres.dataSource("jms_groups");
        BatchEmulator emulator = BATCH.emulator();
        Map<String, String> settings = new HashMap<>(broker.sourceProperties("events.groups"));
        settings.putAll(postgres.settings(url));
        settings.put("batch.jms.batch-size", "300");
        List<String> audiences = List.of("vip-users", "churn-risk", "winback", "crm-customers");
        List<String> messages = new ArrayList<>();
        Map<String, Map<String, Boolean>> expected = new HashMap<>();
        Random random = new Random(11);
        for (int i = 0; i < 6_000; i++) {
            String audience = audiences.get(random.nextInt(audiences.size()));
            String id = (audience.equals("crm-customers") ? "customer-" : "install-") + random.nextInt(40);
            boolean add = random.nextInt(3) > 0;
            messages.add("{\"audience\":\"" + audience + "\",\"action\":\"" + (add ? "add" : "remove")
                         + "\",\"id\":\"" + id + "\"}");
            expected.computeIfAbsent(audience, a -> new HashMap<>()).put(id, add);
        }
        try (IntegrationHarness a = new IntegrationHarness(emulator, first, false, settings).start();
             IntegrationHarness b = new IntegrationHarness(emulator, second, false, settings).start()) {
            // The producer's rule: JMSXGroupID is the event's audience.
            broker.sendGrouped("events.groups", messages, SharedJmsJournalIT::audienceOf);
            for (String audience : audiences) {
                Set<String> present = expected.get(audience).entrySet().stream().filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                await(audience).atMost(90, TimeUnit.SECONDS).until(() -> emulator.members(audience).stream()
                        .map(BatchEmulator.Member::id).collect(Collectors.toSet()).equals(present));
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> TestPostgres.count(db, "SELECT count(*) FROM jms_event") == 0);
            assertThat(broker.count("events.groups.dlq")).isZero();
        }
    }

    private static String audienceOf(String event) {
        int from = "{\"audience\":\"".length();
        return event.substring(from, event.indexOf('"', from));
    }

    private static Set<String> members(BatchEmulator emulator) {
        return emulator.members("vip-users").stream().map(BatchEmulator.Member::id).collect(Collectors.toSet());
    }
}
