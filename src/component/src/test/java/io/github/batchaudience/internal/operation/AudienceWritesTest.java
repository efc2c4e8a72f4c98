package io.github.batchaudience.internal.operation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceResult;
import io.github.batchaudience.SyncMode;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.client.ClientSettings;
import io.github.batchaudience.internal.client.Destination;
import io.github.batchaudience.internal.client.FakeBatchApiClient;
import io.github.batchaudience.internal.ordering.WriteOrder;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writes' orchestration against the API in memory: what is sent, in which order, and what the result says. */
class AudienceWritesTest {
    private final FakeBatchApiClient api = new FakeBatchApiClient();
    private final BatchAudienceConfiguration configuration = new BatchAudienceConfiguration();
    private final ExecutorService senders = Executors.newFixedThreadPool(2);

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        senders.shutdownNow();
    }

    static List<Account> accounts(BatchAudienceConfiguration configuration, FakeBatchApiClient... apps) {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < apps.length; i++) {
            String key = "app-key-" + (i + 1) + "abc" + i;
            accounts.add(new Account(new Destination(ClientSettings.label(key), key, apps[i]),
                                     new IdTypeResolver(apps[i], configuration)));
        }
        return accounts;
    }

    private BatchAudienceResult write(BatchAudienceOperation operation, String audience, String csv) throws Exception {
        AudienceWrites writes = new AudienceWrites(accounts(configuration, api), configuration, new WriteOrder(),
                                                   senders, null);
        return writes.write(new WriteRequest(operation, audience, null, csv, "test.csv", List.of(), false),
                            new CallCounter());
    }

    private static String ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).collect(Collectors.joining("\n", "id\n", "\n"));
    }

    @Test
    void anUpdateIsCutAtBatchSizeAndTheResultCountsEveryRequest() throws Exception {
        api.with("crm", IdType.custom_ids);
        configuration.setBatchSize(10);
        configuration.setParallelRequests(1);

        BatchAudienceResult r = write(BatchAudienceOperation.update, "crm", ids(0, 25) + "m3\n");

        assertThat(api.members("crm")).hasSize(25);
        assertThat(r.getOperation()).isEqualTo(BatchAudienceOperation.update);
        assertThat(r.getIdType()).isEqualTo(IdType.custom_ids);
        assertThat(r.getRowsRead()).isEqualTo(26);
        assertThat(r.getDuplicates()).isEqualTo(1);
        assertThat(r.getWriteRequests()).isEqualTo(3);
        assertThat(r.getTokens()).hasSize(3);
        // One view to find the type, then three writes.
        assertThat(r.getRequests()).isEqualTo(4);
        assertThat(api.calls()).filteredOn(c -> c.startsWith("PATCH"))
                .containsExactly("PATCH 1.0 crm n=10", "PATCH 1.0 crm n=10", "PATCH 1.0 crm n=5");
    }

    @Test
    void aReplaceLargerThanOneRequestPutsFirstThenAdds() throws Exception {
        api.with("installs", IdType.install_ids, "old1", "old2");
        configuration.setBatchSize(10);

        BatchAudienceResult r = write(BatchAudienceOperation.replace, "installs", ids(0, 25));

        assertThat(api.members("installs")).hasSize(25).doesNotContain("old1", "old2");
        List<String> writes = api.calls().stream().filter(c -> !c.startsWith("GET")).collect(Collectors.toList());
        assertThat(writes.get(0)).isEqualTo("PUT 1.1 installs n=10");
        assertThat(writes.subList(1, writes.size())).allMatch(c -> c.startsWith("PATCH"));
        assertThat(r.getAdded()).isEqualTo(25);
    }

    @Test
    void refusedIdsAreIsolatedAndReportedTheOthersApplied() throws Exception {
        api.with("crm", IdType.custom_ids).refusing(id -> id.equals("m5") || id.equals("m17"));
        configuration.setBatchSize(10);

        BatchAudienceResult r = write(BatchAudienceOperation.update, "crm", ids(0, 20));

        assertThat(api.members("crm")).hasSize(18).doesNotContain("m5", "m17");
        assertThat(r.getRejected()).isEqualTo(2);
        assertThat(r.getRejectedRows()).extracting(row -> row.getId()).containsExactlyInAnyOrder("m5", "m17");
        assertThat(r.getRejectedRows()).allMatch(row -> row.getReason().startsWith("refused by the API"));
    }

    @Test
    void aRefusedFirstReplaceRequestIsBisectedAndItsAcceptedPartStaysThePut() throws Exception {
        api.with("installs", IdType.install_ids, "old").refusing(id -> id.equals("m2"));
        configuration.setBatchSize(8);
        configuration.setParallelRequests(1);

        BatchAudienceResult r = write(BatchAudienceOperation.replace, "installs", ids(0, 12));

        assertThat(api.members("installs")).hasSize(11).doesNotContain("m2", "old");
        List<String> writes = api.calls().stream().filter(c -> !c.startsWith("GET")).collect(Collectors.toList());
        // The first 8 are refused as a PUT; the first of their halves without m2 is the PUT, the rest go as adds.
        int firstAdd = writes.indexOf(writes.stream().filter(c -> c.startsWith("PATCH")).findFirst().orElseThrow());
        assertThat(writes.get(0)).isEqualTo("PUT 1.1 installs n=8");
        assertThat(writes.subList(1, firstAdd)).isNotEmpty().allMatch(c -> c.startsWith("PUT"));
        assertThat(writes.subList(firstAdd, writes.size())).allMatch(c -> c.startsWith("PATCH"));
        assertThat(r.getRejectedRows()).extracting(row -> row.getId()).containsExactly("m2");
    }

    @Test
    void aReplaceWhoseFirstRequestIsWhollyRefusedStillEmptiesTheAudienceFirst() throws Exception {
        api.with("installs", IdType.install_ids, "old").refusing(id -> id.equals("m0") || id.equals("m1"));
        configuration.setBatchSize(2);
        configuration.setParallelRequests(1);

        BatchAudienceResult r = write(BatchAudienceOperation.replace, "installs", "id\nm0\nm1\n");

        assertThat(api.members("installs")).isEmpty();
        assertThat(api.calls()).filteredOn(c -> !c.startsWith("GET"))
                .containsExactly("PUT 1.1 installs n=2", "PUT 1.1 installs n=1", "PUT 1.1 installs n=1",
                                 "PUT 1.1 installs n=0");
        assertThat(r.getRejectedRows()).extracting(row -> row.getId()).containsExactlyInAnyOrder("m0", "m1");
    }

    @Test
    void aReplaceWhoseFirstRequestWasItselfReplacedMeanwhileStopsBeforeItsAdds() {
        api.with("installs", IdType.install_ids).replacedMeanwhile();
        configuration.setBatchSize(5);

        assertThatThrownBy(() -> write(BatchAudienceOperation.replace, "installs", ids(0, 12)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("replaced by another write");
        assertThat(api.calls()).filteredOn(c -> !c.startsWith("GET")).containsExactly("PUT 1.1 installs n=5");
    }

    @Test
    void anAudienceDeletedMidWriteIsCreatedAgainWithAutoCreate() throws Exception {
        configuration.setAutoCreate(true);
        configuration.setIdType(IdType.custom_ids);
        api.with("crm", IdType.custom_ids);
        AudienceWrites writes = new AudienceWrites(accounts(configuration, api), configuration, new WriteOrder(),
                                                   senders, null);
        CallCounter counter = new CallCounter();
        writes.write(new WriteRequest(BatchAudienceOperation.update, "crm", IdType.custom_ids, ids(0, 2), null,
                                      List.of(), false), counter);
        api.deleteElsewhere("crm");
        writes.write(new WriteRequest(BatchAudienceOperation.update, "crm", IdType.custom_ids, ids(2, 4), null,
                                      List.of(), false), counter);

        assertThat(api.members("crm")).containsExactly("m2", "m3");
        assertThat(api.calls()).containsSubsequence("PATCH 1.0 crm n=2", "POST 1.0 crm", "PATCH 1.0 crm n=2");
    }

    @Test
    void aLastingFailureAfterPartOfTheWriteCarriesWhatWasApplied() {
        // The type's view and the first PATCH pass; the second PATCH meets a lasting 500.
        api.with("crm", IdType.custom_ids).failAfter(2, 500);
        configuration.setBatchSize(10);
        configuration.setParallelRequests(1);

        assertThatThrownBy(() -> write(BatchAudienceOperation.update, "crm", ids(0, 30)))
                .isInstanceOfSatisfying(PartialWriteException.class, e -> {
                    assertThat(e.failure().getStatus()).isEqualTo(500);
                    assertThat(e.partial().getWriteRequests()).isEqualTo(1);
                    assertThat(e.partial().getAdded()).isEqualTo(10);
                    assertThat(e.partial().getTokens()).hasSize(1);
                    assertThat(e.partial().getRequests()).isEqualTo(3);
                });
        assertThat(api.members("crm")).hasSize(10);
    }

    @Test
    void aSyncReplacesFirstThenSendsOnlyWhatChanged() throws Exception {
        api.with("installs", IdType.install_ids);
        configuration.setStateDirectory(state.toString());

        BatchAudienceResult first = write(BatchAudienceOperation.sync, "installs", ids(0, 100));
        assertThat(first.getSyncMode()).isEqualTo(SyncMode.replace);
        int before = api.calls().size();

        BatchAudienceResult second = write(BatchAudienceOperation.sync, "installs", ids(10, 105));

        assertThat(second.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(second.getAdded()).isEqualTo(5);
        assertThat(second.getRemoved()).isEqualTo(10);
        assertThat(second.getUnchanged()).isEqualTo(90);
        assertThat(api.members("installs")).hasSize(95).contains("m104").doesNotContain("m9");
        assertThat(api.calls().subList(before, api.calls().size())).filteredOn(c -> !c.startsWith("GET"))
                .containsExactly("PATCH 1.1 installs n=5", "PATCH 1.1 installs n=10");
    }

    @Test
    void aFirstSyncOfA1Point0AudienceStartsItAfreshSince1Point0HasNoReplace() throws Exception {
        api.with("crm", IdType.custom_ids, "old");
        configuration.setStateDirectory(state.toString());
        configuration.setMaxRemovalPercent(100);

        BatchAudienceResult r = write(BatchAudienceOperation.sync, "crm", ids(0, 3));

        assertThat(r.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(api.members("crm")).containsExactlyInAnyOrder("m0", "m1", "m2");
        assertThat(api.calls()).filteredOn(c -> !c.startsWith("GET"))
                .containsExactly("DELETE 1.0 crm", "POST 1.0 crm", "PATCH 1.0 crm n=3");
    }

    @Test
    void aSyncWithoutStateDirectoryOrRepositoryIsRefusedBeforeAnythingIsSent() {
        api.with("installs", IdType.install_ids);
        assertThatThrownBy(() -> write(BatchAudienceOperation.sync, "installs", ids(0, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the stateDirectory option");
        assertThat(api.calls()).noneMatch(c -> c.startsWith("PUT") || c.startsWith("PATCH"));
    }
}
