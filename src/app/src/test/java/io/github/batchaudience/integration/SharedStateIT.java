package io.github.batchaudience.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestPostgres;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integration on a shared PostgreSQL (BATCH_STATE_JDBC_URL): what one instance leaves there,
 * another picks up; nothing of it is written to the state folder; the password is never printed.
 */
class SharedStateIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();
    /** Writes are applied 3 s after they are accepted: long enough to stop an instance in between. */
    @RegisterExtension
    static final BatchEmulatorExtension SLOW_BATCH = BatchEmulatorExtension.create(
            b -> b.apiKeys(IntegrationHarness.API_KEY).restApiKey(IntegrationHarness.REST_KEY).indexingDelayMs(3000));

    static TestPostgres postgres;

    @TempDir
    Path first;
    @TempDir
    Path second;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static IntegrationHarness instance(BatchEmulator emulator, Path data, String url) throws Exception {
        Map<String, String> settings = new HashMap<>(postgres.settings(url));
        return new IntegrationHarness(emulator, data, false, settings).start();
    }

    private static String csv(int from, int to) {
        return "id\n" + IntStream.range(from, to).mapToObj(i -> "install-" + i + "\n").collect(Collectors.joining());
    }

    private static Set<String> members(BatchEmulator emulator, String audience) {
        return emulator.members(audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toSet());
    }

    @Test
    void aSecondInstanceSyncsAgainstTheSnapshotTheFirstLeftAndNothingIsOnDisk() throws Exception {
        String url = postgres.createDatabase("sync_shared");
        BatchEmulator emulator = BATCH.emulator();
        try (IntegrationHarness a = instance(emulator, first, url)) {
            a.drop("churn-risk.sync.1.csv", csv(0, 1000));
            JsonNode one = a.awaitReport("churn-risk.sync.1.csv", "DONE");
            assertThat(one.get("syncMode").asText()).isEqualTo("replace");
        }
        try (IntegrationHarness b = instance(emulator, second, url)) {
            b.drop("churn-risk.sync.2.csv", csv(100, 1100));
            JsonNode two = b.awaitReport("churn-risk.sync.2.csv", "DONE");
            // The difference from what the other instance applied: its snapshot was found.
            assertThat(two.get("syncMode").asText()).isEqualTo("diff");
            assertThat(two.get("added").asLong()).isEqualTo(100);
            assertThat(two.get("removed").asLong()).isEqualTo(100);
            assertThat(two.get("idsSent").asLong()).isEqualTo(200);
        }
        assertThat(members(emulator, "churn-risk")).hasSize(1000).contains("install-100", "install-1099")
                .doesNotContain("install-99");
        for (Path data : new Path[] { first, second }) {
            Path state = data.resolve("state");
            assertThat(state.resolve("sync")).doesNotExist();
            assertThat(state.resolve("tokens")).doesNotExist();
            assertThat(state.resolve("settled")).doesNotExist();
        }
        DataSource db = postgres.dataSource("sync_shared");
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM sync_snapshot")).isEqualTo(1);
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM sync_snapshot_pending")).isZero();
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'settled'")).isEqualTo(2);
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'tokens'")).isZero();
        // Only the committed generation's chunks are kept.
        assertThat(TestPostgres.count(db, "SELECT count(DISTINCT generation) FROM sync_snapshot_chunk")).isEqualTo(1);
    }

    @Test
    void tokensAnInstanceLeftPendingAreFollowedByTheNextOne() throws Exception {
        String url = postgres.createDatabase("tokens_shared");
        BatchEmulator emulator = SLOW_BATCH.emulator();
        DataSource db = postgres.dataSource("tokens_shared");
        // The two instances share the data folder, as they would a volume: the report is there.
        try (IntegrationHarness a = instance(emulator, first, url)) {
            a.drop("vip-users.update.csv", csv(0, 500));
            a.awaitReport("vip-users.update.csv", "PENDING_INDEXING");
            assertThat(TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'tokens'")).isEqualTo(1);
        }
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'tokens'")).isEqualTo(1);
        try (IntegrationHarness b = instance(emulator, first, url)) {
            JsonNode done = b.awaitReport("vip-users.update.csv", "DONE");
            assertThat(done.get("indexingState").asText()).isEqualTo("APPLIED");
            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'tokens'") == 0);
        }
        assertThat(members(emulator, "vip-users")).hasSize(500);
        assertThat(Files.exists(first.resolve("state/tokens"))).isFalse();
    }

    @Test
    void aNewInstanceWaitsOutTheRetryDelayAFileWasGivenByAnother() throws Exception {
        String url = postgres.createDatabase("retry_shared");
        BatchEmulator emulator = BATCH.emulator();
        DataSource db = postgres.dataSource("retry_shared");
        Map<String, String> settings = new HashMap<>(postgres.settings(url));
        settings.put("camel.component.batch-audience.max-attempts", "1");
        // Long enough that a second instance starting at once would try it too early, if it did not know.
        settings.put("batch.inbox.retry-delay", "8000");
        IntegrationHarness.createAudience(emulator, "winback");
        emulator.injectFault(BatchEmulator.Fault.MAINTENANCE, 1);
        long dueAt;
        try (IntegrationHarness a = new IntegrationHarness(emulator, first, false, settings).start()) {
            a.drop("winback.update.csv", csv(0, 10));
            await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'retry'") == 1);
            dueAt = new ObjectMapper().readTree(TestPostgres.first(db, "SELECT body FROM state_record WHERE kind = 'retry'"))
                    .get("dueAt").asLong();
        }
        try (IntegrationHarness b = new IntegrationHarness(emulator, first, false, settings).start()) {
            JsonNode done = b.awaitReport("winback.update.csv", "DONE");
            assertThat(Instant.parse(done.get("startedAt").asText()).toEpochMilli())
                    .as("the attempt of the second instance").isGreaterThanOrEqualTo(dueAt);
            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'retry'") == 0);
        }
        assertThat(members(emulator, "winback")).hasSize(10);
    }

    @Test
    void thePasswordIsNeverPrintedNorLoggedGivenApartOrInTheUrl() throws Exception {
        String url = postgres.createDatabase("password_printed");
        String withPassword = url + "?user=" + TestPostgres.USER + "&password=" + TestPostgres.PASSWORD;
        StringBuilder seen = new StringBuilder();
        try (LogCapture logs = LogCapture.start("io.github.batchaudience", "org.apache.camel", "com.zaxxer.hikari",
                                                "org.flywaydb")) {
            List<Map<String, String>> ways = List.of(postgres.settings(url), Map.of("batch.state.jdbc.url", withPassword));
            for (int i = 0; i < ways.size(); i++) {
                try (IntegrationHarness a = new IntegrationHarness(BATCH.emulator(), first, false, ways.get(i)).start()) {
                    a.drop("vip-users.update." + i + ".csv", csv(0, 5));
                    a.awaitReport("vip-users.update." + i + ".csv", "DONE");
                    seen.append(a.printed());
                }
            }
            seen.append(logs.text());
        }
        // It did go through the paths that could show it: the summary of the settings, the pool's
        // configuration (at DEBUG), the migration.
        assertThat(seen.toString()).contains("Auto-configuration summary").contains("Shared state in jdbc:postgresql://")
                .contains("batch-state").contains("Migrating schema").doesNotContain(TestPostgres.PASSWORD);
    }
}
