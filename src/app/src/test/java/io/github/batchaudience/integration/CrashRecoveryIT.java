package io.github.batchaudience.integration;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.ChildJvm;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The integration as its own JVM ({@code BatchAudienceCli run}, as {@code java -jar} runs it),
 * killed with SIGKILL in the middle of a file, then started again: the audience ends exact, the
 * file is in done once with a correct report, and the token poller resumes.
 */
class CrashRecoveryIT {
    private static final int IDS = 60_000;

    @TempDir
    Path data;

    BatchEmulator emulator;
    Process process;

    @BeforeEach
    void start() throws IOException {
        emulator = IntegrationHarness.emulator();
        // Slow enough that a kill lands while the file is being sent.
        emulator.setLatencyMs(300);
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        emulator.close();
    }

    @ParameterizedTest(name = "killed after {0} accepted write request(s)")
    @ValueSource(ints = { 1, 3, 5 })
    void updateKilledMidFileThenRestartedEndsExact(int acceptedBeforeKill) throws Exception {
        Set<String> expected = writeInboxFile("vip-users.update.csv", 0, IDS, 1);
        process = launch();
        await().atMost(60, TimeUnit.SECONDS).until(() -> accepted() >= acceptedBeforeKill);
        process.destroyForcibly().waitFor();
        assertThat(data.resolve("inbox/vip-users.update.csv")).exists();
        assertThat(data.resolve("done/vip-users.update.csv")).doesNotExist();

        emulator.setLatencyMs(0);
        process = launch();
        JsonNode report = awaitReport("vip-users.update.csv", "DONE");
        assertThat(report.get("rowsRead").asLong()).isEqualTo(IDS);
        assertThat(report.get("rejected").asLong()).isZero();
        assertThat(Set.copyOf(memberIds("vip-users"))).isEqualTo(expected);
        assertThat(listNames(data.resolve("done"))).containsExactly("vip-users.update.csv");
        assertThat(data.resolve("inbox/vip-users.update.csv")).doesNotExist();
    }

    @Test
    void killedWhileWaitingForIndexingThenRestartedThePollerResumes() throws Exception {
        emulator.setLatencyMs(0);
        emulator.setIndexingDelayMs(3_000);
        writeInboxFile("vip-users.update.csv", 0, 100, 1);
        process = launch();
        awaitReport("vip-users.update.csv", "PENDING_INDEXING");
        // The report is written before the tokens (InboxFiles.succeeded): wait for both, so that
        // the kill lands while the integration waits for indexing, not between the two writes.
        Path tokens = data.resolve("state/tokens/vip-users.update.csv.tokens.json");
        await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(tokens));
        process.destroyForcibly().waitFor();
        assertThat(tokens).exists();

        process = launch();
        JsonNode report = awaitReport("vip-users.update.csv", "DONE");
        assertThat(report.get("indexingState").asText()).isEqualTo("APPLIED");
        assertThat(memberIds("vip-users")).hasSize(100);
    }

    @Test
    void syncKilledMidWayLeavesTheOldSnapshotAndTheRerunConverges() throws Exception {
        emulator.setLatencyMs(0);
        writeInboxFile("churn-risk.sync.1.csv", 0, 20_000, 1);
        process = launch();
        awaitReport("churn-risk.sync.1.csv", "DONE");
        Path snapshots = data.resolve("state/sync/snapshots");
        byte[] first = Files.readAllBytes(onlyFile(snapshots));

        emulator.setLatencyMs(300);
        Set<String> expected = writeInboxFile("churn-risk.sync.2.csv", 5_000, 45_000, 1);
        await().atMost(60, TimeUnit.SECONDS).until(() -> accepted() >= 4);
        process.destroyForcibly().waitFor();
        // The snapshot is the first sync's, whole: the second's was never committed, and no
        // scratch file of the killed run is left beside it, only its prepared snapshot, which
        // tells the rerun that the drift it finds is its own.
        String snapshot = onlyFile(snapshots).getFileName().toString();
        try (Stream<Path> files = Files.list(snapshots)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.equals(snapshot) || n.equals("." + snapshot + ".tmp"));
        }
        assertThat(Files.readAllBytes(onlyFile(snapshots))).isEqualTo(first);

        emulator.setLatencyMs(0);
        process = launch();
        JsonNode rerun = awaitReport("churn-risk.sync.2.csv", "DONE");
        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
        assertThat(Set.copyOf(memberIds("churn-risk"))).isEqualTo(expected);
        assertThat(rerun.path("syncReason").asText()).contains("the last sync of it was interrupted");
        try (Stream<Path> files = Files.list(snapshots)) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement().matches(n -> !n.startsWith("."));
        }
    }

    /** Write requests the emulator accepted so far (PATCH and PUT answered 201). */
    private long accepted() {
        return IntegrationHarness.requests(emulator, "PATCH", "201") + IntegrationHarness.requests(emulator, "PUT", "201");
    }

    private Process launch() throws IOException {
        return ChildJvm.integration(emulator, data, List.of(), data.resolve("run-" + System.nanoTime() + ".log"));
    }

    /** Writes {@code ids [from, to)} as a CSV file into the inbox (aside, then renamed in); returns the IDs. */
    private Set<String> writeInboxFile(String name, int from, int to, int every) throws IOException {
        Path aside = Files.createDirectories(data.resolve("incoming")).resolve(name);
        Set<String> ids = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
            out.write("id,score:int\n");
            for (int i = from; i < to; i += every) {
                out.write("install-" + i + "," + (i % 100) + "\n");
                ids.add("install-" + i);
            }
        }
        Files.move(aside, Files.createDirectories(data.resolve("inbox")).resolve(name));
        return ids;
    }

    private JsonNode awaitReport(String file, String status) {
        File report = data.resolve("reports").resolve(file + ".report.json").toFile();
        return await().atMost(90, TimeUnit.SECONDS).until(
                () -> report.exists() ? new ObjectMapper().readTree(report) : null,
                r -> r != null && status.equals(r.path("status").asText()));
    }

    private List<String> memberIds(String audience) {
        return emulator.members(audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toList());
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }

    private static Path onlyFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            // A killed sync may leave its unfinished SNAPSHOT.tmp; only the committed snapshot counts.
            List<Path> all = files.filter(p -> p.getFileName().toString().endsWith(".snapshot"))
                    .collect(Collectors.toList());
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
