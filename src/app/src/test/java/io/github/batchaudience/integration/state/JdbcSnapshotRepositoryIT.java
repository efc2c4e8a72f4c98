package io.github.batchaudience.integration.state;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.integration.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The PostgreSQL snapshot repository keeps the SnapshotRepository contract. */
class JdbcSnapshotRepositoryIT {
    static TestPostgres postgres;
    static StateDatabase database;
    static JdbcSnapshotRepository repository;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        database = TestStateDatabases.start(postgres, "snapshots");
        repository = new JdbcSnapshotRepository(database.dataSource());
    }

    @AfterAll
    static void stop() throws Exception {
        database.stop();
        postgres.close();
    }

    private static void write(String key, byte[] content, boolean commit) throws Exception {
        try (SnapshotRepository.Pending pending = repository.create(key)) {
            pending.output().write(content);
            pending.prepare();
            if (commit) {
                pending.commit();
            }
        }
    }

    private static byte[] read(String key) throws Exception {
        try (InputStream in = repository.find(key).open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSnapshotOfManyChunksReadsBackWholeAndOnlyOnceCommitted() throws Exception {
        byte[] big = new byte[(1 << 20) * 2 + 12_345];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        assertThat(repository.find("a")).isNull();
        write("a", big, false);
        assertThat(repository.find("a")).as("not committed: invisible").isNull();
        assertThat(repository.wasInterrupted("a")).as("discarded, not interrupted").isFalse();
        write("a", big, true);
        assertThat(read("a")).isEqualTo(big);
        byte[] small = "second".getBytes(StandardCharsets.UTF_8);
        write("a", small, true);
        assertThat(read("a")).isEqualTo(small);
        assertThat(TestPostgres.count(postgres.dataSource("snapshots"),
                                         "SELECT count(*) FROM sync_snapshot_chunk c JOIN sync_snapshot s"
                                         + " ON s.generation = c.generation WHERE s.snapshot_key = 'a'")).isEqualTo(1);
    }

    @Test
    void aWriterThatNeverEndedLeavesTheOldSnapshotAndSaysSo() throws Exception {
        write("b", "old".getBytes(StandardCharsets.UTF_8), true);
        // A writer that dies: neither committed nor closed.
        SnapshotRepository.Pending dead = repository.create("b");
        dead.output().write("new, never committed".getBytes(StandardCharsets.UTF_8));
        dead.prepare();
        assertThat(repository.wasInterrupted("b")).isTrue();
        assertThat(read("b")).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
        write("b", "newer".getBytes(StandardCharsets.UTF_8), true);
        assertThat(repository.wasInterrupted("b")).isFalse();
        assertThat(read("b")).isEqualTo("newer".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyIsHeldByOneSyncAtATimeAndOthersAreNot() throws Exception {
        CompletableFuture<Void> second;
        try (SnapshotRepository.Lock held = repository.lock("c")) {
            second = CompletableFuture.runAsync(() -> {
                try (SnapshotRepository.Lock other = repository.lock("c")) {
                    // Taken once the first is released.
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Another key is not held back by it.
            try (SnapshotRepository.Lock other = repository.lock("d")) {
                assertThat(other).isNotNull();
            }
            await().during(500, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> !second.isDone());
        }
        second.get(10, TimeUnit.SECONDS);
        assertThat(second).isCompleted();
    }
}
