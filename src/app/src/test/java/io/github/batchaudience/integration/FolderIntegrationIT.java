package io.github.batchaudience.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulator.Fault;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The folder inbox end to end: the project's YAML routes on Camel Main, against the emulator. */
class FolderIntegrationIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    private IntegrationHarness integration() throws Exception {
        return new IntegrationHarness(emulator, data, false, Map.of()).start();
    }

    private static List<String> members(String audience) {
        return emulator.members(audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toList());
    }

    private static String csv(int from, int to) {
        return "id,tier\n" + IntStream.range(from, to).mapToObj(i -> "install-" + i + ",t" + (i % 3) + "\n")
                .collect(Collectors.joining());
    }

    @Test
    void updateFileEndsDoneWithItsMembersAndMovesToDone() throws Exception {
        try (IntegrationHarness it = integration()) {
            it.drop("vip-users.update.2026-11-22.csv", csv(0, 25_001));
            JsonNode report = it.awaitReport("vip-users.update.2026-11-22.csv", "DONE");
            assertThat(report.get("rowsRead").asLong()).isEqualTo(25_001);
            assertThat(report.get("idsSent").asLong()).isEqualTo(25_001);
            assertThat(report.get("writeRequests").asLong()).isEqualTo(3);
            assertThat(report.get("indexingState").asText()).isEqualTo("APPLIED");
            assertThat(members("vip-users")).hasSize(25_001);
            assertThat(it.data("done").resolve("vip-users.update.2026-11-22.csv")).exists();
            assertThat(it.data("inbox").resolve("vip-users.update.2026-11-22.csv")).doesNotExist();
            assertThat(it.data("state").resolve("tokens")).isEmptyDirectory();
        }
    }

    @Test
    void replaceFileLeavesExactlyItsMembers() throws Exception {
        try (IntegrationHarness it = integration()) {
            it.drop("winback.update.csv", csv(0, 100));
            it.awaitReport("winback.update.csv", "DONE");
            it.drop("winback.replace.csv", csv(50, 12_050));
            it.awaitReport("winback.replace.csv", "DONE");
            assertThat(members("winback")).hasSize(12_000).doesNotContain("install-49").contains("install-12049");
        }
    }

    @Test
    void rejectedRowsAreReportedAndTheValidOnesApplied() throws Exception {
        try (IntegrationHarness it = integration()) {
            String bad = "x".repeat(129);
            it.drop("vip-users.update.csv", "id,action,tags,score:int\n"
                                            + "install-1,add,a,1\n"
                                            + bad + ",add,,2\n"
                                            + "install-2,add,,not-a-number\n"
                                            + "install-3,remove,,\n"
                                            + "install-4,add,,4\n");
            JsonNode report = it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(report.get("rejected").asLong()).isEqualTo(2);
            List<String> rejected = Files.readAllLines(it.data("reports").resolve("vip-users.update.csv.rejected.csv"));
            assertThat(rejected.get(0)).isEqualTo("line,id,reason");
            assertThat(rejected).hasSize(3);
            assertThat(rejected.get(1)).startsWith("3," + bad + ",");
            assertThat(rejected.get(2)).startsWith("4,install-2,").contains("score");
            assertThat(members("vip-users")).containsExactly("install-1", "install-4");
            assertThat(it.data("done").resolve("vip-users.update.csv")).exists();
        }
    }

    @Test
    void badlyNamedFileGoesToFailedWithAReportSayingWhy() throws Exception {
        try (IntegrationHarness it = integration()) {
            it.drop("vip-users.upsert.csv", csv(0, 3));
            it.drop("no-operation.csv", csv(0, 3));
            JsonNode report = it.awaitReport("vip-users.upsert.csv", "FAILED");
            assertThat(report.get("error").asText()).contains("vip-users.upsert.csv").contains("'upsert'");
            assertThat(it.awaitReport("no-operation.csv", "FAILED").get("error").asText())
                    .contains("AUDIENCE.OPERATION");
            await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(it.data("failed").resolve("no-operation.csv")));
            assertThat(it.data("failed").resolve("vip-users.upsert.csv")).exists();
            assertThat(emulator.members("vip-users")).isEmpty();
        }
    }

    @Test
    void fileWaitsInTheInboxWhileTheApiFailsAndIsAppliedWhenItRecovers() throws Exception {
        emulator.injectFault(Fault.MAINTENANCE, 1_000_000);
        try (IntegrationHarness it = integration()) {
            it.drop("vip-users.update.csv", csv(0, 10));
            // Every attempt runs out of retries on 503: the file must stay, with no report of success.
            await().atMost(20, TimeUnit.SECONDS).until(() -> statusCount(503) >= 12);
            assertThat(it.data("inbox").resolve("vip-users.update.csv")).exists();
            assertThat(it.data("done")).doesNotExist();
            assertThat(it.report("vip-users.update.csv")).isNull();
            emulator.clearFaults();
            it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(members("vip-users")).hasSize(10);
            assertThat(it.data("done").resolve("vip-users.update.csv")).exists();
        }
    }

    private static long statusCount(int status) {
        Map<?, ?> byMethod = (Map<?, ?>) emulator.stats().get("requests");
        return byMethod.values().stream().map(counts -> ((Map<?, ?>) counts).get(String.valueOf(status)))
                .filter(n -> n != null).mapToLong(n -> ((Number) n).longValue()).sum();
    }

    @Test
    void aFileWaitingForItsRetryHoldsBackTheLaterFilesOfItsAudienceFoundInTheSamePoll() throws Exception {
        IntegrationHarness.createAudience(emulator, "vip-users");
        // The first write fails with no retry left; the second file removes what the first adds,
        // so it must not be applied before it, though both are listed by the first poll.
        emulator.injectFault(Fault.MAINTENANCE, 1);
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        Files.writeString(inbox.resolve("vip-users.update.1.csv"), "id\ninstall-1\ninstall-2\n");
        Files.writeString(inbox.resolve("vip-users.update.2.csv"), "id,action\ninstall-1,remove\n");
        try (IntegrationHarness it = new IntegrationHarness(emulator, data, false,
                Map.of("camel.component.batch-audience.max-attempts", "1")).start()) {
            it.awaitReport("vip-users.update.2.csv", "DONE");
            it.awaitReport("vip-users.update.1.csv", "DONE");
            await().atMost(10, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
            assertThat(members("vip-users")).containsExactly("install-2");
        }
    }

    /** A run that applies vip-users.update.csv (20 IDs) and stops while its writes wait for indexing. */
    private void runUntilPendingIndexing() throws Exception {
        // Applied about two seconds after it is received: long after the first run has stopped.
        emulator.setIndexingDelayMs(2_000);
        try (IntegrationHarness it = integration()) {
            it.drop("vip-users.update.csv", csv(0, 20));
            it.awaitReport("vip-users.update.csv", "PENDING_INDEXING");
        }
    }

    @Test
    void pendingTokensSurviveARestartAndTheReportEndsDone() throws Exception {
        runUntilPendingIndexing();
        assertThat(data.resolve("state/tokens/vip-users.update.csv.tokens.json")).exists();
        try (IntegrationHarness it = integration()) {
            JsonNode report = it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(report.get("indexingState").asText()).isEqualTo("APPLIED");
            assertThat(data.resolve("state/tokens/vip-users.update.csv.tokens.json")).doesNotExist();
        }
    }

    /**
     * Reports and tokens' records are not forced to disk: a crash of the operating system may
     * lose them (here deleted after the run, as such a crash leaves them). The settled record,
     * forced, gives them back at the next start: the report is there again and ends DONE.
     */
    @Test
    void aReportAndTokensLostByASystemCrashAreRebuiltFromTheSettledRecord() throws Exception {
        runUntilPendingIndexing();
        Files.delete(data.resolve("reports/vip-users.update.csv.report.json"));
        Files.delete(data.resolve("state/tokens/vip-users.update.csv.tokens.json"));
        try (IntegrationHarness it = integration()) {
            JsonNode report = it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(report.get("indexingState").asText()).isEqualTo("APPLIED");
            assertThat(report.get("idsSent").asLong()).isEqualTo(20);
            assertThat(data.resolve("done/vip-users.update.csv")).exists();
        }
    }

    @Test
    void aFullSyncFileReplacesWhateverTheSnapshotSays() throws Exception {
        try (IntegrationHarness it = integration()) {
            it.drop("vip-users.sync.1.csv", csv(0, 100));
            it.awaitReport("vip-users.sync.1.csv", "DONE");
            it.drop("vip-users.sync.full.2.csv", csv(0, 100));
            JsonNode full = it.awaitReport("vip-users.sync.full.2.csv", "DONE");
            assertThat(full.get("syncMode").asText()).isEqualTo("replace");
            assertThat(full.get("syncReason").asText()).isEqualTo("a replace was asked for");
            it.drop("vip-users.sync.3.csv", csv(0, 100));
            JsonNode diff = it.awaitReport("vip-users.sync.3.csv", "DONE");
            assertThat(diff.get("syncMode").asText()).isEqualTo("diff");
            assertThat(diff.get("idsSent").asLong()).isZero();
            assertThat(members("vip-users")).hasSize(100);
        }
    }
}
