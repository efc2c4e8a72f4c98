package io.github.batchaudience.emulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The Audiences API 2.x routes, as Batch documents them, through the JDK's HTTP
 * client: each route's success, each documented error, the limits at their edges, indexing
 * states including REPLACED, pagination, and projects kept apart from apps and from each other.
 */
class ProjectRoutesTest {
    static final String PROJECT = "project_0664hxvwffvbpn278gxdyhsadddqgna6";
    static final String OTHER_PROJECT = "project_other_1";
    static final String REST_KEY = "conf-rest-key-2x";

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create(
            b -> b.apiKeys(PROJECT).projectKeys(PROJECT, OTHER_PROJECT).restApiKey(REST_KEY).indexingDelayMs(20));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, JsonNode json) {
        String errorCode() {
            return json.path("error_code").asText();
        }
    }

    private Answer call(String method, String route, String body, String project, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BATCH.baseUrl() + "/2.11/audiences/" + route))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (project != null) {
            request.header("X-Batch-Project", project);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
        return new Answer(response.statusCode(), ApiCalls.JSON.readTree(response.body()));
    }

    private Answer post(String route, String body) throws Exception {
        return call("POST", route, body, PROJECT, REST_KEY);
    }

    private Answer get(String routeAndQuery) throws Exception {
        return call("GET", routeAndQuery, null, PROJECT, REST_KEY);
    }

    private static String ids(Stream<String> elements) {
        return elements.collect(Collectors.joining(",", "[", "]"));
    }

    private static String add(String id) {
        return "{\"action\":\"add\",\"id\":\"" + id + "\"}";
    }

    private void create(String name) throws Exception {
        assertThat(post("create", "{\"name\":\"" + name + "\",\"type\":\"custom_ids\"}").status()).isEqualTo(202);
    }

    private String awaitState(String name, String token, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("view?name=" + name + "&indexing_token=" + token).json()
                .path("indexing_state").asText().equals(state));
        return state;
    }

    private List<String> members(String project, String name) {
        return BATCH.emulator().projectMembers(project, name).stream().map(BatchEmulator.Member::id)
                .collect(Collectors.toList());
    }

    @Test
    void createUpdateViewReplaceAndRemove() throws Exception {
        Answer created = post("create", "{\"name\":\"vip\",\"type\":\"custom_ids\",\"display_name\":\"VIP users\"}");
        assertThat(created.status()).isEqualTo(202);
        assertThat(created.json().path("indexing_token").asText()).matches(ApiCalls.TOKEN_PATTERN);

        Answer updated = post("update", "{\"name\":\"vip\",\"ids\":[" + add("u1") + ",{\"action\":\"add\",\"id\":\"u2\","
                                        + "\"attributes\":{\"interests\":[\"ski\",\"jazz\"],\"date(seen)\":"
                                        + "\"2026-11-01T10:00:00Z\"}},{\"action\":\"remove\",\"id\":\"u1\"}]}");
        assertThat(updated.status()).isEqualTo(202);
        String token = updated.json().path("indexing_token").asText();
        awaitState("vip", token, "APPLIED");
        assertThat(members(PROJECT, "vip")).containsExactly("u2");
        assertThat(BATCH.emulator().projectMembers(PROJECT, "vip").get(0).attributes())
                .containsEntry("interests", List.of("ski", "jazz"));

        JsonNode view = get("view?name=vip").json();
        assertThat(view.path("name").asText()).isEqualTo("vip");
        assertThat(view.path("display_name").asText()).isEqualTo("VIP users");
        assertThat(view.path("type").asText()).isEqualTo("CUSTOM_ID");
        assertThat(view.path("nb_ids").asLong()).isEqualTo(1);
        assertThat(view.path("created").asText()).endsWith("Z");

        String replaced = post("replace", "{\"name\":\"vip\",\"ids\":[{\"id\":\"r1\"},{\"id\":\"r2\"}]}").json()
                .path("indexing_token").asText();
        awaitState("vip", replaced, "APPLIED");
        assertThat(members(PROJECT, "vip")).containsExactly("r1", "r2");

        assertThat(post("remove", "{\"name\":\"vip\"}").status()).isEqualTo(202);
        assertThat(get("view?name=vip").status()).isEqualTo(404);
    }

    @Test
    void aWriteAcceptedBeforeAnAppliedReplaceIsReplaced() throws Exception {
        create("vip");
        String earlier = post("update", "{\"name\":\"vip\",\"ids\":[" + add("u1") + "]}").json()
                .path("indexing_token").asText();
        awaitState("vip", earlier, "APPLIED");
        String replace = post("replace", "{\"name\":\"vip\",\"ids\":[{\"id\":\"r1\"}]}").json()
                .path("indexing_token").asText();
        awaitState("vip", replace, "APPLIED");
        assertThat(get("view?name=vip&indexing_token=" + earlier).json().path("indexing_state").asText())
                .isEqualTo("REPLACED");
    }

    @Test
    void theLastActionOfAnIdInOneRequestWins() throws Exception {
        create("vip");
        String token = post("update", "{\"name\":\"vip\",\"ids\":[" + add("u1") + ",{\"action\":\"remove\",\"id\":\"u1\"},"
                                      + add("u1") + ",{\"action\":\"remove\",\"id\":\"u2\"}," + add("u2") + "]}").json()
                .path("indexing_token").asText();
        awaitState("vip", token, "APPLIED");
        assertThat(members(PROJECT, "vip")).containsExactly("u1", "u2");
    }

    static Stream<Arguments> refusals() {
        String longString = "x".repeat(301);
        return Stream.of(
                arguments("update", "{\"ids\":[]}", 400, "MISSING_PARAMETER"),
                arguments("update", "{\"name\":\"vip\"}", 400, "MISSING_PARAMETER"),
                arguments("update", "{\"name\":\"bad name\",\"ids\":[]}", 400, "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"" + "n".repeat(256) + "\",\"ids\":[]}", 400, "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"vip\",\"ids\":[{\"id\":\"u1\"}]}", 400, "MISSING_PARAMETER"),
                arguments("update", "{\"name\":\"vip\",\"ids\":[{\"action\":\"add\",\"id\":\"u1\",\"tags\":[\"t\"]}]}",
                          400, "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"vip\",\"ids\":[{\"action\":\"remove\",\"id\":\"u1\","
                                    + "\"attributes\":{\"a\":1}}]}", 400, "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"vip\",\"ids\":[{\"action\":\"add\",\"id\":\"u1\","
                                    + "\"attributes\":{\"s\":\"" + longString + "\"}}]}", 400, "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"vip\",\"ids\":[{\"action\":\"add\",\"id\":\"u1\","
                                    + "\"attributes\":{\"date(d)\":\"2026-11-01T10:00:00\"}}]}", 400,
                          "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"vip\",\"ids\":[{\"action\":\"add\",\"id\":\"u1\","
                                    + "\"attributes\":{\"a\":[1]}}]}", 400, "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"vip\",\"ids\":[", 400, "MALFORMED_PARAMETER"),
                arguments("replace", "{\"name\":\"vip\",\"ids\":[{\"action\":\"remove\",\"id\":\"u1\"}]}", 400,
                          "MALFORMED_PARAMETER"),
                arguments("update", "{\"name\":\"missing\",\"ids\":[" + add("u1") + "]}", 404, "NOT_FOUND"),
                arguments("replace", "{\"name\":\"missing\",\"ids\":[]}", 404, "NOT_FOUND"),
                arguments("remove", "{\"name\":\"missing\"}", 404, "NOT_FOUND"),
                arguments("create", "{\"name\":\"vip\",\"type\":\"custom_ids\"}", 400, "ALREADY_EXISTS"),
                arguments("create", "{\"name\":\"other\"}", 400, "MISSING_PARAMETER"),
                arguments("create", "{\"name\":\"other\",\"type\":\"install_ids\"}", 400, "MALFORMED_PARAMETER"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}: {2} {3}")
    @MethodSource("refusals")
    void eachDocumentedRefusal(String route, String body, int status, String code) throws Exception {
        create("vip");
        Answer answer = post(route, body);
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.json().path("error_message").asText()).isNotBlank();
    }

    @Test
    void limitsAtTheirEdges() throws Exception {
        create("vip");
        String tenThousand = ids(IntStream.range(0, 10_000).mapToObj(i -> add("u" + i)));
        assertThat(post("update", "{\"name\":\"vip\",\"ids\":" + tenThousand + "}").status()).isEqualTo(202);
        String oneMore = ids(IntStream.range(0, 10_001).mapToObj(i -> add("u" + i)));
        assertThat(post("update", "{\"name\":\"vip\",\"ids\":" + oneMore + "}").errorCode())
                .isEqualTo("MALFORMED_PARAMETER");
        assertThat(attributes("\"a\":" + array(25))).isEqualTo(202);
        assertThat(attributes("\"a\":" + array(26))).isEqualTo(400);
        assertThat(attributes("\"s\":\"" + "x".repeat(300) + "\"")).isEqualTo(202);
        assertThat(attributes(IntStream.range(0, 15).mapToObj(i -> "\"a" + i + "\":1").collect(Collectors.joining(","))))
                .isEqualTo(202);
        assertThat(attributes(IntStream.range(0, 16).mapToObj(i -> "\"a" + i + "\":1").collect(Collectors.joining(","))))
                .isEqualTo(400);
        assertThat(attributes("\"url(p)\":\"https://e.com/" + "p".repeat(2048 - 14) + "\"")).isEqualTo(202);
        assertThat(attributes("\"url(p)\":\"https://e.com/" + "p".repeat(2049 - 14) + "\"")).isEqualTo(400);
        assertThat(post("create", "{\"name\":\"" + "n".repeat(255) + "\",\"type\":\"custom_ids\"}").status())
                .isEqualTo(202);
    }

    private int attributes(String attributes) throws Exception {
        return post("update", "{\"name\":\"vip\",\"ids\":[{\"action\":\"add\",\"id\":\"u1\",\"attributes\":{"
                              + attributes + "}}]}").status();
    }

    private static String array(int items) {
        return String.join(",", Collections.nCopies(items, "\"v\"")).transform(s -> "[" + s + "]");
    }

    @Test
    void wrongKeysAre401() throws Exception {
        assertThat(call("GET", "list", null, PROJECT, "wrong").status()).isEqualTo(401);
        assertThat(call("GET", "list", null, "project_unknown", REST_KEY).status()).isEqualTo(401);
        Answer noProject = call("GET", "list", null, null, REST_KEY);
        assertThat(noProject.status()).isEqualTo(401);
        assertThat(noProject.errorCode()).isEqualTo("AUTHENTICATION_INVALID");
        assertThat(call("GET", "list", null, PROJECT, null).status()).isEqualTo(401);
    }

    @Test
    void faultsAndTheRateLimitAnswerWithNames() throws Exception {
        BATCH.emulator().injectFault(BatchEmulator.Fault.SERVER_ERROR, 2);
        Answer server = get("list");
        assertThat(server.status()).isEqualTo(500);
        assertThat(server.errorCode()).isEqualTo("SERVER_ERROR");
        BATCH.emulator().clearFaults();
        BATCH.emulator().injectFault(BatchEmulator.Fault.MAINTENANCE, 2);
        assertThat(get("list").status()).isEqualTo(503);
        BATCH.emulator().clearFaults();
        BATCH.emulator().injectFault(BatchEmulator.Fault.RATE_LIMITED, 2);
        Answer limited = get("list");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("TOO_MANY_REQUESTS");
        BATCH.emulator().clearFaults();
    }

    @Test
    void theListPagesNewestFirstWithACursor() throws Exception {
        for (int i = 0; i < 25; i++) {
            create("a" + i);
        }
        List<String> names = new ArrayList<>();
        JsonNode page = get("list?limit=10").json();
        assertThat(page.path("count").asInt()).isEqualTo(25);
        while (true) {
            page.path("audiences").forEach(a -> names.add(a.path("name").asText()));
            if (!page.path("has_more").asBoolean()) {
                break;
            }
            page = get("list?limit=10&from=" + URLEncoder.encode(page.path("next_from").asText(),
                                                                 StandardCharsets.UTF_8)).json();
            assertThat(page.has("count")).isFalse();
        }
        assertThat(names).hasSize(25).startsWith("a24", "a23").endsWith("a0");
        assertThat(get("list?limit=101").errorCode()).isEqualTo("MALFORMED_PARAMETER");
        assertThat(get("list?limit=10&from=nonsense").errorCode()).isEqualTo("MALFORMED_PARAMETER");
        assertThat(get("list").json().path("audiences").size()).isEqualTo(10);
    }

    @Test
    void projectsAreApartFromAppsAndFromEachOther() throws Exception {
        create("vip");
        String token = post("update", "{\"name\":\"vip\",\"ids\":[" + add("p1") + "]}").json()
                .path("indexing_token").asText();
        awaitState("vip", token, "APPLIED");

        assertThat(call("GET", "view?name=vip", null, OTHER_PROJECT, REST_KEY).status()).isEqualTo(404);
        assertThat(BATCH.emulator().appMembers(PROJECT, "vip")).isEmpty();
        assertThat(members(PROJECT, "vip")).containsExactly("p1");
        assertThat(members(OTHER_PROJECT, "vip")).isEmpty();
        String admin = http.send(HttpRequest.newBuilder(URI.create(
                BATCH.baseUrl() + "/_emulator/audiences/vip/members?project=" + PROJECT)).build(),
                                 BodyHandlers.ofString()).body();
        assertThat(admin).contains("\"id\":\"p1\"");
        Map<?, ?> first = ApiCalls.JSON.readValue(admin.lines().findFirst().orElseThrow(), Map.class);
        assertThat(first.get("id")).isEqualTo("p1");
    }

    @Test
    void otherVersionsOfTheSameRoutesAnswerAndUnknownRoutesAre404() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(BATCH.baseUrl() + "/2.1/audiences/list"))
                .header("X-Batch-Project", PROJECT).header("Authorization", "Bearer " + REST_KEY).build();
        assertThat(http.send(request, BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(post("nonsense", "{}").status()).isEqualTo(404);
        assertThat(call("GET", "update", null, PROJECT, REST_KEY).status()).isEqualTo(404);
    }
}
