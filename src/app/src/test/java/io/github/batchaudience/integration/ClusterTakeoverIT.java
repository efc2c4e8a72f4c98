package io.github.batchaudience.integration;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.ChildJvm;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the integration, each a JVM of its own, sharing the data folder, elected by
 * Camel's file cluster service or by ZooKeeper (in-process here, Curator's TestingServer): only
 * the leader takes inbox files; killed with SIGKILL in the middle of a file, the other takes over
 * within the configured bound, sends the file again (writes are idempotent) and the audience
 * ends exact, the file in done once.
 */
class ClusterTakeoverIT {
    /** file: the lock is tried every 500 ms; a leader whose heartbeat stopped for 3 intervals is gone. */
    private static final long INTERVAL_MS = 500;
    private static final int MULTIPLIER = 3;
    /** zookeeper: a dead leader's session ends after this long (the test server's least). */
    private static final long SESSION_MS = 6_000;
    /** Beyond the service's own delay: the leadership backoff, a poll and the file's read lock. */
    private static final long MARGIN_MS = 10_000;

    /** How long a step may take on a loaded machine (JVM starts, 60,000 rows): generous, not a measure. */
    private static final long WAIT_S = 180;

    private static TestingServer zookeeper;

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static BatchEmulator emulator;

    @TempDir
    Path data;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void connect() throws Exception {
        emulator = BATCH.emulator();
        zookeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZookeeper() throws IOException {
        zookeeper.close();
    }

    /** The -D settings of each service, and the bound its takeover must meet. */
    static Stream<Arguments> services() {
        return Stream.of(Arguments.of("file", INTERVAL_MS * (MULTIPLIER + 2) + MARGIN_MS),
                         Arguments.of("zookeeper", SESSION_MS + MARGIN_MS));
    }

    private static List<String> serviceSettings(String service, Path data) {
        if (service.equals("file")) {
            return List.of("-Dbatch.cluster.service=file", "-Dbatch.cluster.acquire-lock-delay=100",
                           "-Dbatch.cluster.acquire-lock-interval=" + INTERVAL_MS,
                           "-Dbatch.cluster.heartbeat-timeout-multiplier=" + MULTIPLIER);
        }
        return List.of("-Dbatch.cluster.service=zookeeper", "-Dbatch.cluster.zookeeper.url=" + zookeeper.getConnectString(),
                       "-Dbatch.cluster.zookeeper.base-path=/batch-audience-" + data.getFileName(),
                       "-Dbatch.cluster.zookeeper.session-timeout=" + SESSION_MS);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path launch(String member, String service) throws IOException {
        Path log = data.resolve(member + ".log");
        List<String> settings = new ArrayList<>(List.of("-Dbatch.cluster.enabled=true", "-Dbatch.cluster.member=" + member));
        settings.addAll(serviceSettings(service, data));
        processes.add(ChildJvm.integration(emulator, data, settings, log));
        await(member + " started").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> printed(log).contains("started in"));
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
        return IntegrationHarness.requests(emulator, "PATCH", "201");
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theFollowerTakesOverAKilledLeadersFileAndTheAudienceEndsExact(String service, long bound) throws Exception {
        IntegrationHarness.createAudience(emulator, "warm");
        IntegrationHarness.createAudience(emulator, "big");
        long began = System.nanoTime();
        Path first = launch("first", service);
        drop("warm.update.csv", 10);
        await("warm file done").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> done().contains("warm.update.csv"));
        assertThat(printed(first)).contains("warm.update.csv: update of audience warm");
        Path second = launch("second", service);
        System.out.println("cluster test (" + service + "): both instances up after "
                           + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s");
        // Only the leader takes files: the second one stays idle while the first lives.
        assertThat(printed(second)).doesNotContain("of audience");

        emulator.setLatencyMs(400);
        Set<String> expected = drop("big.update.csv", 60_000);
        await("big file half sent").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> accepted() >= 3);
        processes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        emulator.setLatencyMs(0);

        await("takeover").atMost(bound * 2, TimeUnit.MILLISECONDS)
                .until(() -> printed(second).contains("big.update.csv: update of audience big"));
        long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.println("cluster takeover (" + service + "): " + takeoverMs + " ms (bound " + bound + " ms)");
        assertThat(takeoverMs).as("takeover time").isLessThanOrEqualTo(bound);

        await("big file done").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> done().contains("big.update.csv"));
        System.out.println("cluster test (" + service + "): big file done after "
                           + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s");
        await().atMost(30, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
        // As sets: AssertJ's any-order comparison of 60,000 elements is quadratic.
        List<String> members = emulator.members("big").stream().map(BatchEmulator.Member::id).toList();
        assertThat(members).hasSize(expected.size());
        assertThat(Set.copyOf(members)).isEqualTo(expected);
        assertThat(done()).containsExactlyInAnyOrder("warm.update.csv", "big.update.csv");
        // Nothing left behind, not even the dead leader's read-lock marker.
        assertThat(data.resolve("inbox")).isEmptyDirectory();
    }
}
