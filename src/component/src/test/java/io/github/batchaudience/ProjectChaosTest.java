package io.github.batchaudience;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project's audience (Audiences API 2.x) written while a fifth of all requests fail at random
 * (500, 503, 429 with Retry-After, connections dropped before and after the write is applied) and
 * accepted writes are applied in a shuffled order: updates with adds and removes, a replace larger
 * than one request, then two syncs. The audience ends exactly as the inputs say.
 */
class ProjectChaosTest extends CamelTestSupport {
    private static final String PROJECT_KEY = "project_chaos";
    private static final String REST_KEY = "chaos-rest";

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create(
            b -> b.projectKeys(PROJECT_KEY).restApiKey(REST_KEY).indexingDelayMs(10).retryAfterSeconds(1).failRate(0.2)
                    .indexingOrder(BatchEmulator.IndexingOrder.SHUFFLED).seed(20261205));

    @TempDir
    Path state;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        BatchAudienceConfiguration c = context.getComponent("batch-audience", BatchAudienceComponent.class)
                .getConfiguration();
        c.setBaseUrl(BATCH.baseUrl());
        c.setProjectKey(PROJECT_KEY);
        c.setRestApiKey(REST_KEY);
        c.setInitialBackoff(5);
        c.setMaxBackoff(50);
        c.setMaxAttempts(20);
        c.setIndexingPollInterval(5);
        c.setBatchSize(1_000);
        c.setAutoCreate(true);
        c.setStateDirectory(state.toString());
        return context;
    }

    private BatchAudienceResult write(String uri, String body) throws Exception {
        Exchange exchange = template.send(uri, e -> e.getIn().setBody(body));
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return exchange.getMessage().getBody(BatchAudienceResult.class);
    }

    private static String rows(Set<String> adds, Set<String> removes) {
        StringBuilder sb = new StringBuilder("id,action\n");
        adds.forEach(id -> sb.append(id).append(",add\n"));
        removes.forEach(id -> sb.append(id).append(",remove\n"));
        return sb.toString();
    }

    private static Set<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "u" + i).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> members(String audience) {
        return BATCH.emulator().projectMembers(PROJECT_KEY, audience).stream().map(BatchEmulator.Member::id).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void everyWriteEndsExactWithAFifthOfRequestsFailing() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (int k = 0; k < 4; k++) {
            Set<String> adds = ids(k * 10_000, (k + 1) * 10_000);
            Set<String> removes = new HashSet<>(ids(k * 10_000 - 3_000, k * 10_000));
            write("batch-audience:update/chaos?waitForIndexing=true", rows(adds, removes));
            expected.addAll(adds);
            expected.removeAll(removes);
        }
        assertThat(members("chaos")).isEqualTo(List.copyOf(expected));

        write("batch-audience:replace/chaos?waitForIndexing=true", rows(ids(50_000, 62_000), Set.of()));
        assertThat(members("chaos")).isEqualTo(List.copyOf(ids(50_000, 62_000)));

        BatchAudienceResult first = write("batch-audience:sync/segment?waitForIndexing=true", rows(ids(0, 20_000), Set.of()));
        BatchAudienceResult second = write("batch-audience:sync/segment?waitForIndexing=true",
                                           rows(ids(500, 20_300), Set.of()));
        assertThat(first.getSyncMode()).isEqualTo(SyncMode.replace);
        assertThat(second.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(members("segment")).isEqualTo(List.copyOf(ids(500, 20_300)));
        assertThat(first.getRetries() + second.getRetries()).as("faults were met and retried").isPositive();
    }
}
