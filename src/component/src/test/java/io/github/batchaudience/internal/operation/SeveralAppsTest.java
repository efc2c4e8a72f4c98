package io.github.batchaudience.internal.operation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.SyncMode;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.client.FakeBatchApiClient;
import io.github.batchaudience.internal.ordering.WriteOrder;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One audience in two apps (an iOS and an Android app, each with its key): the input read once,
 * every request sent to both, each app's tokens, counts and snapshots its own, and one app's
 * failure failing the write only once the other app got everything.
 */
class SeveralAppsTest {
    private final FakeBatchApiClient ios = new FakeBatchApiClient();
    private final FakeBatchApiClient android = new FakeBatchApiClient();
    private final BatchAudienceConfiguration configuration = new BatchAudienceConfiguration();
    private final ExecutorService senders = Executors.newFixedThreadPool(2);

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    private BatchAudienceResult write(BatchAudienceOperation operation, String csv) throws Exception {
        AudienceWrites writes = new AudienceWrites(AudienceWritesTest.accounts(configuration, ios, android),
                                                   configuration, new WriteOrder(), senders, null);
        return writes.write(new WriteRequest(operation, "vip", null, csv, "vip.csv", List.of(), false),
                            new CallCounter());
    }

    private static String ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).collect(Collectors.joining("\n", "id\n", "\n"));
    }

    @Test
    void anUpdateGoesToEveryAppWithTheInputCountedOnce() throws Exception {
        ios.with("vip", IdType.custom_ids);
        android.with("vip", IdType.custom_ids);
        configuration.setBatchSize(10);

        BatchAudienceResult r = write(BatchAudienceOperation.update, ids(0, 25) + "m1\n" + "x".repeat(129) + "\n");

        assertThat(ios.members("vip")).hasSize(25);
        assertThat(android.members("vip")).isEqualTo(ios.members("vip"));
        assertThat(r.getRowsRead()).isEqualTo(27);
        assertThat(r.getDuplicates()).isEqualTo(1);
        assertThat(r.getRejected()).isEqualTo(1);
        assertThat(r.getApps()).extracting(BatchAudienceResult::getApp).containsExactly("…abc0", "…abc1")
                .doesNotContain("app-key-1abc0", "app-key-2abc1");
        for (BatchAudienceResult app : r.getApps()) {
            assertThat(app.getAdded()).isEqualTo(25);
            assertThat(app.getWriteRequests()).isEqualTo(3);
            assertThat(app.getTokens()).hasSize(3);
            assertThat(app.getRowsRead()).isEqualTo(27);
            assertThat(app.getError()).isNull();
        }
        assertThat(r.getAdded()).isEqualTo(50);
        assertThat(r.getTokens()).hasSize(6);
    }

    @Test
    void oneAppFailingFailsTheWriteAfterTheOtherGotEverything() {
        ios.with("vip", IdType.custom_ids).failAfter(2, 500);
        android.with("vip", IdType.custom_ids);
        configuration.setBatchSize(10);
        configuration.setParallelRequests(1);

        assertThatThrownBy(() -> write(BatchAudienceOperation.update, ids(0, 30)))
                .isInstanceOfSatisfying(AppsFailedException.class, e -> {
                    assertThat(e).hasMessageStartingWith("1 of 2 apps failed: app …abc0: ");
                    assertThat(e.failures()).containsOnlyKeys("…abc0");
                    BatchAudienceResult partial = e.partial();
                    assertThat(partial.getApps()).hasSize(2);
                    assertThat(partial.getApps().get(0).getError()).contains("500");
                    assertThat(partial.getApps().get(0).getAdded()).isEqualTo(10);
                    assertThat(partial.getApps().get(1).getError()).isNull();
                    assertThat(partial.getApps().get(1).getAdded()).isEqualTo(30);
                });
        assertThat(android.members("vip")).hasSize(30);
        assertThat(ios.members("vip")).hasSize(10);
    }

    @Test
    void anAppWhereTheAudienceIsMissingFailsAloneTheOtherIsWritten() {
        android.with("vip", IdType.custom_ids);

        assertThatThrownBy(() -> write(BatchAudienceOperation.update, ids(0, 3)))
                .isInstanceOfSatisfying(AppsFailedException.class,
                                        e -> assertThat(e.failures()).containsOnlyKeys("…abc0"));
        assertThat(android.members("vip")).hasSize(3);
    }

    @Test
    void aReplaceReplacesInEveryApp() throws Exception {
        ios.with("vip", IdType.install_ids, "old-ios");
        android.with("vip", IdType.install_ids, "old-android");
        configuration.setBatchSize(4);

        write(BatchAudienceOperation.replace, ids(0, 10));

        assertThat(ios.members("vip")).hasSize(10).doesNotContain("old-ios");
        assertThat(android.members("vip")).hasSize(10).doesNotContain("old-android");
        assertThat(ios.calls()).filteredOn(c -> !c.startsWith("GET")).first().asString().startsWith("PUT");
    }

    @Test
    void eachAppIsSyncedAgainstItsOwnSnapshot() throws Exception {
        ios.with("vip", IdType.install_ids);
        android.with("vip", IdType.install_ids);
        configuration.setStateDirectory(state.toString());
        write(BatchAudienceOperation.sync, ids(0, 20));
        // Someone empties the Android audience: its size no longer matches its snapshot.
        android.deleteElsewhere("vip");
        android.with("vip", IdType.install_ids);

        BatchAudienceResult second = write(BatchAudienceOperation.sync, ids(0, 21));

        Map<String, SyncMode> modes = second.getApps().stream()
                .collect(Collectors.toMap(BatchAudienceResult::getApp, BatchAudienceResult::getSyncMode));
        assertThat(modes).containsEntry("…abc0", SyncMode.diff).containsEntry("…abc1", SyncMode.replace);
        assertThat(second.getApps().get(0).getAdded()).isEqualTo(1);
        assertThat(ios.members("vip")).hasSize(21);
        assertThat(android.members("vip")).hasSize(21);
    }
}
