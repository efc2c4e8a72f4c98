package io.github.batchaudience;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.model.IdType;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A project's audiences (Audiences API 2.x, Batch's Customer Engagement Platform) through routes:
 * every operation, members exact in the emulator's project, the 2.x rules for rows, and which API
 * an endpoint picks when the component has an app key and the endpoint a project key.
 */
class ProjectAudienceTest extends BatchAudienceTestSupport {
    private static final String PROJECT = "projectKey=" + PROJECT_KEY;

    @TempDir
    Path state;

    private static List<String> projectMembers(String audience) {
        return emulator.projectMembers(PROJECT_KEY, audience).stream().map(BatchEmulator.Member::id)
                .collect(Collectors.toList());
    }

    private static String ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).collect(Collectors.joining("\n", "id\n", "\n"));
    }

    private static List<String> idList(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).sorted().collect(Collectors.toList());
    }

    @Test
    void everyOperationOnAProjectsAudience() throws Exception {
        send("batch-audience:create/vip?" + PROJECT + "&idType=custom_ids&description=VIP users", null, Object.class);
        Map<?, ?> view = send("batch-audience:view/vip?" + PROJECT, null, Map.class);
        assertThat(view.get("type")).isEqualTo("CUSTOM_ID");
        assertThat(view.get("display_name")).isEqualTo("VIP users");

        BatchAudienceResult update = write("batch-audience:update/vip?" + PROJECT + "&waitForIndexing=true",
                                           ids(0, 30));
        assertThat(update.getIdType()).isEqualTo(IdType.custom_ids);
        assertThat(update.getIndexingState()).isEqualTo("APPLIED");
        assertThat(projectMembers("vip")).isEqualTo(idList(0, 30));
        assertThat(memberIds("vip")).as("the app's audiences are apart").isEmpty();

        write("batch-audience:replace/vip?" + PROJECT + "&batchSize=7&waitForIndexing=true", ids(100, 120));
        assertThat(projectMembers("vip")).isEqualTo(idList(100, 120));

        write("batch-audience:update/vip?" + PROJECT + "&waitForIndexing=true", "id,action\nm100,remove\n");
        assertThat(projectMembers("vip")).isEqualTo(idList(101, 120));

        for (int i = 0; i < 105; i++) {
            send("batch-audience:create/a" + i + "?" + PROJECT + "&idType=custom_ids", null, Object.class);
        }
        Map<?, ?> list = send("batch-audience:list?" + PROJECT, null, Map.class);
        assertThat((List<?>) list.get("audiences")).hasSize(106);

        send("batch-audience:delete/vip?" + PROJECT, null, Object.class);
        Exception gone = failure("batch-audience:view/vip?" + PROJECT, null);
        assertThat(gone).isInstanceOfSatisfying(BatchAudienceException.class, e -> {
            assertThat(e.getStatus()).isEqualTo(404);
            assertThat(e.getErrorName()).isEqualTo("NOT_FOUND");
            assertThat(e.toString()).as("the REST key is the project's secret").doesNotContain(REST_KEY);
        });
    }

    @Test
    void aSyncDiffsAgainstTheProjectsSnapshot() throws Exception {
        String uri = "batch-audience:sync/segment?" + PROJECT + "&autoCreate=true&waitForIndexing=true&stateDirectory="
                     + state;
        BatchAudienceResult first = write(uri, ids(0, 500));
        assertThat(first.getSyncMode()).isEqualTo(SyncMode.replace);
        BatchAudienceResult second = write(uri, ids(10, 505));
        assertThat(second.getSyncMode()).isEqualTo(SyncMode.diff);
        assertThat(second.getAdded()).isEqualTo(5);
        assertThat(second.getRemoved()).isEqualTo(10);
        assertThat(projectMembers("segment")).isEqualTo(idList(10, 505));
    }

    @Test
    void rowsFollowTheAudiencesApiRules() throws Exception {
        send("batch-audience:create/vip?" + PROJECT + "&idType=custom_ids", null, Object.class);
        String rows = "{\"id\":\"u1\",\"attributes\":{\"interests\":[\"ski\",\"jazz\"],\"date(seen)\":\"2026-11-01T10:00:00Z\"}}\n"
                      + "{\"id\":\"u2\",\"tags\":[\"vip\"]}\n"
                      + "{\"id\":\"u3\",\"attributes\":{\"date(seen)\":\"2026-11-01T10:00:00\"}}\n";
        BatchAudienceResult r = write("batch-audience:update/vip?" + PROJECT + "&inputFormat=jsonl&waitForIndexing=true",
                                      rows);
        assertThat(r.getRejectedRows()).extracting(row -> row.getId() + ": " + row.getReason())
                .containsExactly("u2: tags are not part of the Audiences API (a project's audiences take attributes only)",
                                 "u3: attribute date(seen): '2026-11-01T10:00:00' is not a date (RFC 3339 in UTC, such as"
                                 + " 2026-11-01T10:00:00Z)");
        assertThat(emulator.projectMembers(PROJECT_KEY, "vip")).singleElement().satisfies(
                m -> assertThat(m.attributes()).containsEntry("interests", List.of("ski", "jazz")));
    }

    @Test
    void anEndpointsOwnKeyWinsAndBothAtOneLevelAreRefused() throws Exception {
        // The component has an app key (BatchAudienceTestSupport); this endpoint names a project.
        write("batch-audience:update/vip?" + PROJECT + "&autoCreate=true&waitForIndexing=true", ids(0, 3));
        assertThat(projectMembers("vip")).hasSize(3);

        assertThatThrownBy(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:both").to("batch-audience:update/vip?" + PROJECT + "&apiKey=" + API_KEY);
            }
        })).hasStackTraceContaining("not both at the same level").satisfies(
                e -> assertThat(e.toString()).doesNotContain(API_KEY));
    }

    @Test
    void onlyCustomIdsLiveInAProject() {
        assertThatThrownBy(() -> write("batch-audience:update/vip?" + PROJECT + "&idType=install_ids", ids(0, 1)))
                .hasStackTraceContaining("holds custom_ids only");
    }
}
