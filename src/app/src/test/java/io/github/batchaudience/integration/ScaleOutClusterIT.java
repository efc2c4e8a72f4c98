package io.github.batchaudience.integration;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.ChildJvm;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestEvents;
import io.github.batchaudience.integration.testsupport.TestEvents.Event;
import io.github.batchaudience.integration.testsupport.TestEvents.Member;
import io.github.batchaudience.integration.testsupport.TestKafkaBroker;
import io.github.batchaudience.integration.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployment of docs/scale-out.md, in small: three instances of the integration, each a JVM
 * of its own, sharing a real PostgreSQL (the state), a real Kafka broker (KRaft, in this JVM: the
 * events, a topic of three partitions, one consumer group), a folder (the inbox, and the file
 * cluster service's lock) and the emulator. The leader is killed with SIGKILL in the middle of a
 * large sync file, and another instance in the middle of a batch of events; the survivor takes
 * over the inbox within the configured bound and the dead ones' partitions, and resumes from the
 * shared state and the committed offsets: every audience ends exactly as its files and events say,
 * applied in their order, each file in done once, no event lost.
 */
class ScaleOutClusterIT {
    /** The lock is tried every 500 ms; a leader whose heartbeat stopped for 3 intervals is gone. */
    private static final long INTERVAL_MS = 500;
    private static final int MULTIPLIER = 3;
    /** Beyond the service's own delay: the leadership backoff, a poll and the file's read lock. */
    private static final long BOUND_MS = INTERVAL_MS * (MULTIPLIER + 2) + 10_000;
    /**
     * The group notices a killed consumer once its session times out (4 s here, see
     * TestKafkaBroker.sourceProperties); then a rebalance, which waits for the survivor's batch in flight.
     */
    private static final long PARTITIONS_BOUND_MS = 4_000 + 10_000;
    /** How long a step may take on a loaded machine (three JVMs, 60,000 rows): generous, not a measure. */
    private static final long WAIT_S = 240;

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    private static final String TOPIC = "scale.events";
    private static final String GROUP = "scale-out";
    private static final int PARTITIONS = 3;

    static BatchEmulator emulator;
    static TestPostgres postgres;
    static TestKafkaBroker kafka;
    static List<String> eventAudiences;

    @TempDir
    Path data;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        emulator = BATCH.emulator();
        postgres = TestPostgres.start();
        kafka = TestKafkaBroker.start();
        kafka.createTopic(TOPIC, PARTITIONS);
        kafka.createTopic(TOPIC + ".dlq", 1);
        // One audience in each partition: each instance has the events of one audience to apply.
        eventAudiences = TestKafkaBroker.keysInDistinctPartitions("scale-events", PARTITIONS);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
        postgres.close();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path launch(String member, String url) throws IOException {
        Path log = data.resolve(member + ".log");
        List<String> settings = new ArrayList<>(List.of(
                "-Dbatch.cluster.enabled=true", "-Dbatch.cluster.member=" + member, "-Dbatch.cluster.service=file",
                "-Dbatch.cluster.acquire-lock-delay=100", "-Dbatch.cluster.acquire-lock-interval=" + INTERVAL_MS,
                "-Dbatch.cluster.heartbeat-timeout-multiplier=" + MULTIPLIER, "-Dbatch.kafka.batch-size=50"));
        Map<String, String> source = new HashMap<>(kafka.sourceProperties(TOPIC, GROUP));
        source.remove("batch.kafka.brokers");
        eventAudiences.forEach(a -> source.put("batch.audience." + a + ".id-type", "install_ids"));
        source.forEach((k, v) -> settings.add("-D" + k + "=" + v));
        Map<String, String> env = new HashMap<>(postgres.environment(url));
        env.put("BATCH_KAFKA_BROKERS", kafka.bootstrapServers());
        processes.add(ChildJvm.integration(emulator, data, settings, env, log));
        await(member + " started").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> printed(log).contains("started in"));
        return log;
    }

    private static String printed(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Writes the file aside, then moves it into the inbox whole; returns its IDs. */
    private Set<String> drop(String name, IntStream ids) throws IOException {
        Path aside = Files.createDirectories(data.resolve("incoming")).resolve(name);
        Set<String> written = new HashSet<>();
        try (BufferedWriter out = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
            out.write("id\n");
            for (int i : (Iterable<Integer>) ids::iterator) {
                out.write("install-" + i + "\n");
                written.add("install-" + i);
            }
        }
        Files.move(aside, Files.createDirectories(data.resolve("inbox")).resolve(name));
        return written;
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

    private static Set<String> members(String audience) {
        return emulator.members(audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toSet());
    }

    /** The instance whose log says it applied this file. */
    private static int applier(List<Path> logs, String file) throws IOException {
        for (int i = 0; i < logs.size(); i++) {
            if (printed(logs.get(i)).contains(file + ": ")) {
                return i;
            }
        }
        return -1;
    }

    /** Each event a record keyed by its audience, as producers are asked to. */
    private static void send(List<Event> events) throws Exception {
        kafka.send(TOPIC, events.stream().map(e -> Map.entry(e.audience(), e.json())).toList());
    }

    @Test
    void threeInstancesOnPostgresAndKafkaTheLeaderAndAConsumerKilledAndEveryAudienceEndsExact() throws Exception {
        String url = postgres.createDatabase("scale_out");
        DataSource db = postgres.dataSource("scale_out");
        IntegrationHarness.createAudience(emulator, "churn-risk");
        long began = System.nanoTime();
        List<Path> logs = new ArrayList<>();
        logs.add(launch("one", url));
        drop("vip-users.update.1.csv", IntStream.range(0, 10));
        await("warm file done").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> done().contains("vip-users.update.1.csv"));
        logs.add(launch("two", url));
        logs.add(launch("three", url));
        await("every instance holding a partition").atMost(WAIT_S, TimeUnit.SECONDS)
                .until(() -> kafka.assignments(GROUP).size() == 3);
        System.out.println("scale-out test: three instances up after "
                           + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s");

        // Adds and removes of each event audience, in order, the audiences interleaved.
        List<Event> events = TestEvents.interleavedToggles(eventAudiences, 600, 40, 5);
        List<Event> firstHalf = events.subList(0, events.size() / 2);

        // A large sync, then the next sync of the same audience (removes 10,000, adds 5,000) and a
        // replace of another: each must be applied after the one before it, whoever applies it.
        emulator.setLatencyMs(400);
        send(firstHalf);
        drop("churn-risk.sync.1.csv", IntStream.range(0, 60_000));
        Set<String> churn = drop("churn-risk.sync.2.csv", IntStream.range(10_000, 65_000));
        Set<String> vip = drop("vip-users.replace.2.csv", IntStream.range(100, 200));
        await("large file being sent").atMost(WAIT_S, TimeUnit.SECONDS)
                .until(() -> printed(logs.get(0)).contains("churn-risk.sync.1.csv: ")
                             && IntegrationHarness.requests(emulator, "PUT", null) >= 1);
        int leader = applier(logs, "churn-risk.sync.1.csv");
        assertThat(leader).as("the instance applying the large file").isEqualTo(0);
        processes.get(2).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        processes.get(leader).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        // Every partition was in the middle of its events (the killed ones' included): some read
        // or sent, not all committed.
        Map<Integer, Long> sentTo = firstHalf.stream().collect(Collectors.groupingBy(
                e -> TestKafkaBroker.partitionOf(e.audience(), PARTITIONS), Collectors.counting()));
        Map<Integer, Long> committed = new HashMap<>();
        kafka.committed(GROUP, TOPIC).forEach((p, offset) -> committed.put(p.partition(), offset));
        System.out.println("scale-out test: the leader and another instance killed; events committed by partition "
                           + committed + " of " + sentTo);
        assertThat(done()).doesNotContain("churn-risk.sync.1.csv");
        sentTo.forEach((p, n) -> assertThat(committed.getOrDefault(p, 0L)).as("partition " + p).isLessThan(n));
        emulator.setLatencyMs(0);
        send(events.subList(events.size() / 2, events.size()));

        // Both takeovers watched at once: the inbox (the survivor starts the file) and the
        // partitions (the survivor holds all three).
        long[] tookOver = new long[2];
        await("takeover").atMost(BOUND_MS * 2, TimeUnit.MILLISECONDS).until(() -> {
            if (tookOver[0] == 0 && applier(logs.subList(1, 2), "churn-risk.sync.1.csv") >= 0) {
                tookOver[0] = System.nanoTime();
            }
            if (tookOver[1] == 0 && List.copyOf(kafka.assignments(GROUP).values()).equals(List.of(PARTITIONS))) {
                tookOver[1] = System.nanoTime();
            }
            return tookOver[0] != 0 && tookOver[1] != 0;
        });
        long takeoverMs = TimeUnit.NANOSECONDS.toMillis(tookOver[0] - killed);
        long partitionsMs = TimeUnit.NANOSECONDS.toMillis(tookOver[1] - killed);
        System.out.println("scale-out test: takeover of the inbox in " + takeoverMs + " ms (bound " + BOUND_MS
                           + " ms), of the partitions in " + partitionsMs + " ms (bound " + PARTITIONS_BOUND_MS + " ms)");
        assertThat(takeoverMs).as("takeover time of the inbox").isLessThanOrEqualTo(BOUND_MS);
        assertThat(partitionsMs).as("takeover time of the partitions").isLessThanOrEqualTo(PARTITIONS_BOUND_MS);

        await("every file done").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> done().size() == 4);
        await().atMost(60, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0
                && TestPostgres.count(db, "SELECT count(*) FROM state_record WHERE kind = 'tokens'") == 0);
        System.out.println("scale-out test: every file done after "
                           + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s");
        assertThat(done()).containsExactlyInAnyOrder("vip-users.update.1.csv", "churn-risk.sync.1.csv",
                                                     "churn-risk.sync.2.csv", "vip-users.replace.2.csv");
        assertThat(data.resolve("inbox")).isEmptyDirectory();
        Set<String> churnMembers = members("churn-risk");
        System.out.println("scale-out test: churn-risk " + churnMembers.size() + " members (expected " + churn.size()
                           + "), vip-users " + members("vip-users").size() + " (expected " + vip.size() + ")");
        assertThat(churnMembers).isEqualTo(churn);
        assertThat(members("vip-users")).isEqualTo(vip);
        // The next sync of the audience diffs against the snapshot the survivors committed.
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM sync_snapshot")).isEqualTo(1);
        assertThat(TestPostgres.count(db, "SELECT count(*) FROM sync_snapshot_pending")).isZero();
        for (String audience : eventAudiences) {
            Map<String, Member> expected = TestEvents.replay(events, audience);
            await(audience).atMost(WAIT_S, TimeUnit.SECONDS).until(() -> expected.equals(TestEvents.members(emulator, audience)));
        }
        await("every offset committed").atMost(60, TimeUnit.SECONDS)
                .until(() -> kafka.committedTotal(GROUP, TOPIC) == events.size());
        System.out.println("scale-out test: " + events.size() + " events of " + eventAudiences.size()
                           + " audiences applied in order, every offset committed, " + kafka.endOffsets(TOPIC + ".dlq")
                           + " dead-lettered; the survivor holds " + kafka.assignments(GROUP).values() + " partitions");
        assertThat(kafka.endOffsets(TOPIC + ".dlq")).isZero();
        assertThat(kafka.assignments(GROUP).values()).containsExactly(PARTITIONS);
        for (Path log : logs) {
            assertThat(printed(log)).doesNotContain(TestPostgres.PASSWORD);
        }
    }
}
