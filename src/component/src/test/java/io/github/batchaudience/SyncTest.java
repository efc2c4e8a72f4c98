package io.github.batchaudience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulator.Fault;
import io.github.batchaudience.internal.sync.FileSnapshotRepository;
import io.github.batchaudience.internal.sync.SyncRefusedException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.batchaudience.ProducerOperationsTest.requestsOf;
import static org.assertj.core.api.Assertions.assertThat;

/** sync sends only what changed, guarded, with a snapshot replaced atomically. */
class SyncTest extends BatchAudienceTestSupport {

    @TempDir
    Path state;

    private String uri(String audience, String options) {
        return "batch-audience:sync/" + audience + "?stateDirectory=" + state + "&waitForIndexing=true"
               + (options.isEmpty() ? "" : "&" + options);
    }

    /** Members i in [from, to) with a score attribute; those in changed get another score. */
    static String members(int from, int to, IntPredicateSet changed) {
        StringBuilder sb = new StringBuilder("id,score:int,tags\n");
        for (int i = from; i < to; i++) {
            sb.append("m-").append(i).append(',').append(changed.test(i) ? 1000 + i : i).append(",t\n");
        }
        return sb.toString();
    }

    interface IntPredicateSet {
        boolean test(int i);
    }

    static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m-" + i).sorted().collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    static long idsReceived(String method) {
        Map<String, Object> received = (Map<String, Object>) emulator.stats().get("ids_received");
        Object n = received == null ? null : received.get(method);
        return n == null ? 0 : ((Number) n).longValue();
    }

    @Test
    void firstSyncReplacesThenOnlyTheDifferenceIsSent() throws Exception {
        createAudience("segment", "install_ids");
        BatchAudienceResult first = write(uri("segment", ""), members(0, 25_001, i -> false));
        assertThat(first.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(first.getAdded()).isEqualTo(25_001);
        assertThat(memberIds("segment")).isEqualTo(ids(0, 25_001));

        long patchIdsBefore = idsReceived("PATCH");

        // 1,000 leave (0..999), 1,000 join (25,001..26,000), 500 change (5,000..5,499).
        String next = members(1_000, 26_001, i -> i >= 5_000 && i < 5_500);
        BatchAudienceResult second = write(uri("segment", ""), next);
        assertThat(second.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(second.getAdded()).isEqualTo(1_000);
        assertThat(second.getChanged()).isEqualTo(500);
        assertThat(second.getRemoved()).isEqualTo(1_000);
        assertThat(second.getUnchanged()).isEqualTo(23_501);
        assertThat(second.getIdsSent()).isEqualTo(2_500);
        assertThat(idsReceived("PATCH") - patchIdsBefore).isEqualTo(2_500);
        assertThat(memberIds("segment")).isEqualTo(ids(1_000, 26_001));
        BatchEmulator.Member changed = emulator.members("segment").stream().filter(m -> m.id().equals("m-5001"))
                .findFirst().orElseThrow();
        assertThat(((Number) changed.attributes().get("score")).intValue()).isEqualTo(6001);
    }

    @Test
    void anEmptyFileIsRefusedByTheRemovalGuardUnlessAllowed() throws Exception {
        createAudience("guarded", "install_ids");
        write(uri("guarded", ""), members(0, 100, i -> false));
        long before = requestsOf("PATCH") + requestsOf("PUT");

        Exception e = failure(uri("guarded", ""), "id,score:int,tags\n");
        assertThat(e).isInstanceOf(BatchAudienceException.class).hasCauseInstanceOf(SyncRefusedException.class)
                .matches(f -> !((BatchAudienceException) f).isTransient(), "not transient")
                .hasMessageContaining("remove 100 of its 100 IDs").hasMessageContaining("maxRemovalPercent=50");
        assertThat(requestsOf("PATCH") + requestsOf("PUT")).isEqualTo(before);
        assertThat(memberIds("guarded")).hasSize(100);

        BatchAudienceResult r = write(uri("guarded", "maxRemovalPercent=100"), "id,score:int,tags\n");
        assertThat(r.getRemoved()).isEqualTo(100);
        assertThat(memberIds("guarded")).isEmpty();
    }

    @Test
    void anInterruptedSyncLeavesTheOldSnapshotAndARerunEndsExact() throws Exception {
        createAudience("flaky", "install_ids");
        write(uri("flaky", ""), members(0, 5_000, i -> false));
        String next = members(2_000, 9_000, i -> i % 7 == 0);
        // The sync's view of the audience passes, three requests succeed, then every request fails.
        emulator.injectFaultAfter(4, Fault.SERVER_ERROR, 1_000);
        Exception e = failure(uri("flaky", "idType=install_ids&batchSize=500&parallelRequests=1&maxAttempts=2"), next);
        emulator.clearFaults();
        assertThat(e).isInstanceOf(BatchAudienceException.class);
        assertThat(((BatchAudienceException) e).getPartialResult().getWriteRequests()).isEqualTo(3);

        BatchAudienceResult rerun = write(uri("flaky", ""), next);
        assertThat(rerun.getRejected()).isZero();
        assertThat(memberIds("flaky")).isEqualTo(ids(2_000, 9_000));
        BatchAudienceResult third = write(uri("flaky", ""), next);
        assertThat(third.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(third.getIdsSent()).isZero();
    }

    @Test
    void driftFallsBackToReplace() throws Exception {
        createAudience("drifty", "install_ids");
        write(uri("drifty", ""), members(0, 300, i -> false));
        write("batch-audience:update/drifty?waitForIndexing=true", "id\nstranger\n");
        BatchAudienceResult r = write(uri("drifty", ""), members(0, 310, i -> false));
        assertThat(r.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(r.getSyncReason()).contains("301").contains("300");
        assertThat(memberIds("drifty")).isEqualTo(ids(0, 310));
    }

    @Test
    void dryRunReportsTheDifferenceAndSendsNothing() throws Exception {
        createAudience("dry", "install_ids");
        write(uri("dry", ""), members(0, 50, i -> false));
        long writes = requestsOf("PATCH") + requestsOf("PUT");
        BatchAudienceResult r = write(uri("dry", "dryRun=true"), members(10, 60, i -> i == 20));
        assertThat(r.isDryRun()).isTrue();
        assertThat(r.getAdded()).isEqualTo(10);
        assertThat(r.getChanged()).isEqualTo(1);
        assertThat(r.getRemoved()).isEqualTo(10);
        assertThat(r.getSamples().get("new")).startsWith("m-50", "m-51");
        assertThat(r.getSamples().get("changed")).containsExactly("m-20");
        assertThat(r.getSamples().get("departed")).hasSize(10);
        assertThat(requestsOf("PATCH") + requestsOf("PUT")).isEqualTo(writes);
        // The snapshot is untouched: a real run sends the same difference.
        BatchAudienceResult real = write(uri("dry", ""), members(10, 60, i -> i == 20));
        assertThat(real.getIdsSent()).isEqualTo(21);
    }

    @Test
    void customIdsSyncWithoutAttributesIncludingAFreshStart() throws Exception {
        createAudience("crm", "custom_ids");
        write("batch-audience:update/crm?waitForIndexing=true", "id\nold-1\nold-2\n");
        String list = IntStream.range(0, 1_200).mapToObj(i -> "c-" + i).collect(Collectors.joining("\n", "id\n", "\n"));
        BatchAudienceResult first = write(uri("crm", "maxRemovalPercent=100"), list);
        assertThat(first.getSyncMode()).isEqualTo(SyncMode.replace);
        List<String> expected = IntStream.range(0, 1_200).mapToObj(i -> "c-" + i).sorted().collect(Collectors.toList());
        assertThat(memberIds("crm")).isEqualTo(expected);

        String next = IntStream.range(100, 1_300).mapToObj(i -> "c-" + i).collect(Collectors.joining("\n", "id\n", "\n"));
        BatchAudienceResult second = write(uri("crm", ""), next);
        assertThat(second.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(second.getIdsSent()).isEqualTo(200);
        List<String> expected2 = new ArrayList<>(IntStream.range(100, 1_300).mapToObj(i -> "c-" + i).sorted()
                .collect(Collectors.toList()));
        assertThat(memberIds("crm")).isEqualTo(expected2);
    }

    @Test
    void snapshotsHoldNoKey() throws Exception {
        createAudience("secretive", "install_ids");
        write(uri("secretive", ""), members(0, 20, i -> false));
        try (var files = Files.walk(state)) {
            for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertThat(p.toString()).doesNotContain(API_KEY).doesNotContain(REST_KEY);
                assertThat(Files.readString(p)).doesNotContain(API_KEY).doesNotContain(REST_KEY);
            }
        }
    }

    /**
     * An outside change that keeps the audience's size (50 members removed and 50 others added
     * through the API) cannot be seen from outside: the same list synced again sends nothing. A
     * snapshot older than maxSnapshotAge, or the replace header, corrects it.
     */
    @Test
    void anOutsideChangeOfTheSameSizeIsCorrectedByAnOldSnapshotOrOnDemand() throws Exception {
        createAudience("drifting", "install_ids");
        String list = members(0, 1_000, i -> false);
        write(uri("drifting", ""), list);
        StringBuilder outside = new StringBuilder("id,action\n");
        IntStream.range(0, 50).forEach(i -> outside.append("m-").append(i).append(",remove\n"));
        IntStream.range(5_000, 5_050).forEach(i -> outside.append("m-").append(i).append(",add\n"));
        write("batch-audience:update/drifting?waitForIndexing=true", outside.toString());
        assertThat(memberIds("drifting")).hasSize(1_000).doesNotContain("m-0");

        BatchAudienceResult blind = write(uri("drifting", ""), list);
        assertThat(blind.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(blind.getIdsSent()).isZero();
        assertThat(memberIds("drifting")).doesNotContain("m-0");

        // A day old, with maxSnapshotAge an hour: the sync replaces.
        try (var files = Files.list(state.resolve("snapshots"))) {
            Path snapshot = files.filter(p -> p.toString().endsWith(".snapshot")).findFirst().orElseThrow();
            Files.setLastModifiedTime(snapshot, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        }
        BatchAudienceResult aged = write(uri("drifting", "maxSnapshotAge=3600000"), list);
        assertThat(aged.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(aged.getSyncReason()).contains("more than maxSnapshotAge (60 minutes)");
        assertThat(memberIds("drifting")).isEqualTo(ids(0, 1_000));

        // The same drift again, corrected on demand by the header.
        write("batch-audience:update/drifting?waitForIndexing=true", outside.toString());
        Exchange exchange = template.send(uri("drifting", ""), e -> {
            e.getIn().setHeader(BatchAudienceConstants.SYNC_REPLACE, true);
            e.getIn().setBody(list);
        });
        assertThat(exchange.getException()).isNull();
        BatchAudienceResult asked = exchange.getMessage().getBody(BatchAudienceResult.class);
        assertThat(asked.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(asked.getSyncReason()).isEqualTo("a replace was asked for");
        assertThat(memberIds("drifting")).isEqualTo(ids(0, 1_000));
    }

    /** A snapshot lock whose release fails (its database connection died) once the sync is committed. */
    static final class UnlockFails implements SnapshotRepository {
        private final SnapshotRepository files;

        UnlockFails(Path folder) {
            files = new FileSnapshotRepository(folder);
        }

        @Override
        public Stored find(String key) throws IOException {
            return files.find(key);
        }

        @Override
        public Pending create(String key) throws IOException {
            return files.create(key);
        }

        @Override
        public boolean wasInterrupted(String key) throws IOException {
            return files.wasInterrupted(key);
        }

        @Override
        public Lock lock(String key) throws IOException {
            Lock held = files.lock(key);
            return () -> {
                held.close();
                throw new IOException("could not unlock the snapshot: terminating connection");
            };
        }
    }

    @Test
    void aLockNotReleasedAfterTheCommitDoesNotFailTheSync() throws Exception {
        createAudience("segment", "install_ids");
        context.getRegistry().bind("unlockFails", new UnlockFails(state));
        String uri = "batch-audience:sync/segment?snapshotRepository=#unlockFails&waitForIndexing=true";
        BatchAudienceResult first = write(uri, members(0, 100, i -> false));
        assertThat(first.getSyncMode()).isEqualTo(SyncMode.replace);
        BatchAudienceResult second = write(uri, members(10, 110, i -> false));
        assertThat(second.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(memberIds("segment")).isEqualTo(ids(10, 110));
    }
}
