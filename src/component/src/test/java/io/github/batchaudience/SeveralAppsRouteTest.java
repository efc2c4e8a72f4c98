package io.github.batchaudience;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One audience kept in two apps (an iOS and an Android app), through a route with both keys in
 * apiKey: members exact in both, each app's part of the result named by the end of its key, and
 * one app's failure failing the exchange once the other app got everything.
 */
class SeveralAppsRouteTest extends BatchAudienceTestSupport {
    private static final String BOTH = "apiKey=" + API_KEY + "," + SECOND_APP_KEY;

    @TempDir
    Path state;

    private static List<String> members(String appKey, String audience) {
        return emulator.appMembers(appKey, audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toList());
    }

    private static String ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).collect(Collectors.joining("\n", "id\n", "\n"));
    }

    private static List<String> idList(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).sorted().collect(Collectors.toList());
    }

    @Test
    void updateReplaceAndSyncReachBothAppsExactly() throws Exception {
        String options = BOTH + "&idType=install_ids&autoCreate=true&waitForIndexing=true&batchSize=50";
        BatchAudienceResult update = write("batch-audience:update/vip?" + options, ids(0, 120));
        assertThat(members(API_KEY, "vip")).isEqualTo(idList(0, 120));
        assertThat(members(SECOND_APP_KEY, "vip")).isEqualTo(idList(0, 120));
        assertThat(update.getApps()).extracting(BatchAudienceResult::getApp).containsExactly("…3f9a", "…9d2e");
        assertThat(update.getApps()).allSatisfy(app -> {
            assertThat(app.getAdded()).isEqualTo(120);
            assertThat(app.getIndexingState()).isEqualTo("APPLIED");
        });
        assertThat(update.getRowsRead()).isEqualTo(120);
        assertThat(update.toString() + update.getApps()).doesNotContain(API_KEY).doesNotContain(SECOND_APP_KEY);

        write("batch-audience:replace/vip?" + options, ids(200, 260));
        assertThat(members(API_KEY, "vip")).isEqualTo(idList(200, 260));
        assertThat(members(SECOND_APP_KEY, "vip")).isEqualTo(idList(200, 260));

        String sync = "batch-audience:sync/vip?" + options + "&stateDirectory=" + state;
        write(sync, ids(200, 260));
        BatchAudienceResult second = write(sync, ids(210, 270));
        assertThat(second.getApps()).allSatisfy(app -> assertThat(app.getSyncMode()).isEqualTo(SyncMode.diff));
        assertThat(members(API_KEY, "vip")).isEqualTo(idList(210, 270));
        assertThat(members(SECOND_APP_KEY, "vip")).isEqualTo(idList(210, 270));
    }

    @Test
    void eachAppsTokenIsViewedInThatAppOnly() throws Exception {
        BatchAudienceResult r = write("batch-audience:update/vip?" + BOTH + "&idType=custom_ids&autoCreate=true",
                                      ids(0, 5));
        for (BatchAudienceResult app : r.getApps()) {
            String token = app.getTokens().get(0);
            Exchange view = template.send("batch-audience:view/vip?" + BOTH, e -> {
                e.getIn().setHeader(BatchAudienceConstants.APP, app.getApp());
                e.getIn().setHeader(BatchAudienceConstants.INDEXING_TOKEN, token);
            });
            assertThat(view.getException()).isNull();
            assertThat(view.getMessage().getBody(Map.class)).containsKey("indexing_state");
        }
        Exchange unknown = template.send("batch-audience:view/vip?" + BOTH,
                                         e -> e.getIn().setHeader(BatchAudienceConstants.APP, "…zzzz"));
        assertThat(unknown.getException()).hasMessageContaining("no app of this endpoint is named …zzzz");
    }

    @Test
    void anAppMissingTheAudienceFailsTheExchangeAfterTheOtherWasWritten() throws Exception {
        send("batch-audience:create/vip?apiKey=" + SECOND_APP_KEY + "&idType=custom_ids", null, Object.class);

        Exception e = failure("batch-audience:update/vip?" + BOTH + "&waitForIndexing=true", ids(0, 10));

        assertThat(e).isInstanceOfSatisfying(BatchAudienceException.class, failure -> {
            assertThat(failure.getMessage()).contains("1 of 2 apps failed: app …3f9a").doesNotContain(API_KEY);
            assertThat(failure.isTransient()).isFalse();
            BatchAudienceResult partial = failure.getPartialResult();
            assertThat(partial.getApps()).hasSize(2);
            assertThat(partial.getApps().get(0).getError()).contains("404");
            assertThat(partial.getApps().get(1).getAdded()).isEqualTo(10);
        });
        assertThat(members(SECOND_APP_KEY, "vip")).isEqualTo(idList(0, 10));
    }
}
