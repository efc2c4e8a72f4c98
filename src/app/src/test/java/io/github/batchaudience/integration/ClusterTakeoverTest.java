package io.github.batchaudience.integration;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.batchaudience.app.BatchAudienceCli;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the integration, each a JVM of its own, sharing the data folder and Camel's
 * file cluster service (batch.cluster.enabled): only the leader takes inbox files; killed with
 * SIGKILL in the middle of a file, the other takes over within the configured bound, sends the
 * file again (writes are idempotent) and the audience ends exact, the file in done once.
 */
class ClusterTakeoverTest {
    /** The lock is tried every 500 ms; a leader whose heartbeat stopped for 3 intervals is gone. */
    private static final long INTERVAL_MS = 500;
    private static final int MULTIPLIER = 3;
    /** The bound the takeover must meet: the service's own, plus the leadership backoff, a poll and a read lock. */
    private static final long BOUND_MS = INTERVAL_MS * (MULTIPLIER + 2) + 10_000;

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path launch(String member) throws IOException {
        Path log = data.resolve(member + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                                       "-Dbatch.data=" + data, "-Dbatch.inbox.delay=100", "-Dbatch.status.period=100",
                                       "-Dbatch.cluster.enabled=true", "-Dbatch.cluster.member=" + member,
                                       "-Dbatch.cluster.acquire-lock-delay=100",
                                       "-Dbatch.cluster.acquire-lock-interval=" + INTERVAL_MS,
                                       "-Dbatch.cluster.heartbeat-timeout-multiplier=" + MULTIPLIER,
                                       "-Dcamel.component.batch-audience.parallel-requests=1",
                                       "-cp", classpath, BatchAudienceCli.class.getName(), "run");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("BATCH_API_KEY", IntegrationHarness.API_KEY,
                                            "BATCH_REST_API_KEY", IntegrationHarness.REST_KEY,
                                            "BATCH_BASE_URL", emulator.baseUrl()));
        processes.add(builder.start());
        await(member + " started").atMost(60, TimeUnit.SECONDS).until(() -> printed(log).contains("started in"));
        return log;
    }

    private static String printed(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private Set<String> drop(String name, int count) throws IOException {
        Path aside = Files.createDirectories(data.resolve("incoming")).resolve(name);
        Set<String> ids = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
            out.write("id\n");
            for (int i = 0; i < count; i++) {
                out.write("install-" + i + "\n");
                ids.add("install-" + i);
            }
        }
        Files.move(aside, Files.createDirectories(data.resolve("inbox")).resolve(name));
        return ids;
    }

    /** Write requests the emulator accepted so far. */
    private static long accepted() {
        Map<?, ?> byMethod = (Map<?, ?>) emulator.stats().get("requests");
        Object counts = byMethod == null ? null : byMethod.get("PATCH");
        Object created = counts instanceof Map ? ((Map<?, ?>) counts).get("201") : null;
        return created == null ? 0 : ((Number) created).longValue();
    }

    private List<String> done() throws IOException {
        Path done = data.resolve("done");
        if (!Files.isDirectory(done)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(done)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }

    @Test
    void theFollowerTakesOverAKilledLeadersFileAndTheAudienceEndsExact() throws Exception {
        IntegrationHarness.createAudience(emulator, "warm");
        IntegrationHarness.createAudience(emulator, "big");
        Path first = launch("first");
        drop("warm.update.csv", 10);
        await("warm file done").atMost(60, TimeUnit.SECONDS).until(() -> done().contains("warm.update.csv"));
        assertThat(printed(first)).contains("warm.update.csv: update of audience warm");
        Path second = launch("second");
        // Only the leader takes files: the second one stays idle while the first lives.
        assertThat(printed(second)).doesNotContain("of audience");

        emulator.setLatencyMs(400);
        Set<String> expected = drop("big.update.csv", 60_000);
        await("big file half sent").atMost(60, TimeUnit.SECONDS).until(() -> accepted() >= 3);
        processes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        emulator.setLatencyMs(0);

        await("takeover").atMost(BOUND_MS * 2, TimeUnit.MILLISECONDS)
                .until(() -> printed(second).contains("big.update.csv: update of audience big"));
        long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.println("cluster takeover: " + takeoverMs + " ms (bound " + BOUND_MS + " ms)");
        assertThat(takeoverMs).as("takeover time").isLessThanOrEqualTo(BOUND_MS);

        await("big file done").atMost(60, TimeUnit.SECONDS).until(() -> done().contains("big.update.csv"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
        assertThat(emulator.members("big")).extracting(BatchEmulator.Member::id)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(done()).containsExactlyInAnyOrder("warm.update.csv", "big.update.csv");
        // Nothing left behind, not even the dead leader's read-lock marker.
        assertThat(data.resolve("inbox")).isEmptyDirectory();
    }
}
