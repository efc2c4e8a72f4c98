package io.github.batchaudience.emulator;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.github.batchaudience.emulator.ApiCalls.add;
import static io.github.batchaudience.emulator.ApiCalls.expect;
import static io.github.batchaudience.emulator.ApiCalls.idsBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's admin routes: members as JSON Lines, request statistics, reset. */
class AdminRoutesTest extends EmulatorTestSupport {

    @Test
    void membersAreJsonLinesSortedByIdWithAttributesAndTags() throws IOException {
        api.create11("audience1");
        String token = api.write("1.1", "PATCH", "audience1", idsBody(null, List.of(
                "{\"action\":\"add\",\"id\":\"zeta\",\"tags\":[\"t\"]}", add("Alpha"), add("beta"),
                "{\"action\":\"add\",\"id\":\"10\",\"attributes\":{\"n\":1,\"url(u)\":\"https://batch.com\"}}")));
        api.awaitApplied("1.1", "audience1", token);

        List<JsonNode> members = api.members("audience1");
        // Sorted by ID as strings: digits, then upper case, then lower case.
        assertThat(members).extracting(m -> m.path("id").asText()).containsExactly("10", "Alpha", "beta", "zeta");
        assertThat(members.get(0)).isEqualTo(ApiCalls.JSON.readTree(
                "{\"id\":\"10\",\"attributes\":{\"n\":1,\"url(u)\":\"https://batch.com\"},\"tags\":[]}"));
        assertThat(members.get(1)).isEqualTo(ApiCalls.JSON.readTree("{\"id\":\"Alpha\",\"attributes\":{},\"tags\":[]}"));
        assertThat(members.get(3)).isEqualTo(ApiCalls.JSON.readTree("{\"id\":\"zeta\",\"attributes\":{},\"tags\":[\"t\"]}"));
    }

    @Test
    void membersOfAnotherAppKeyAreAskedForByQuery() throws IOException {
        ApiCalls other = new ApiCalls(emulator.baseUrl(), OTHER_APP_KEY, REST_KEY);
        other.create11("audience1");
        other.awaitApplied("1.1", "audience1", other.write("1.1", "PATCH", "audience1", idsBody(null, List.of(add("x")))));

        assertThat(api.members("audience1")).isEmpty();
        assertThat(api.members("audience1", "?api_key=" + OTHER_APP_KEY)).hasSize(1);
    }

    @Test
    void statsCountApiRequestsByMethodAndStatusAndIdsAccepted() throws IOException {
        api.create11("audience1");
        api.awaitApplied("1.1", "audience1", api.write("1.1", "PATCH", "audience1", idsBody(null, ApiCalls.adds("i", 3))));
        expect(404, api.api("1.1", "GET", "missing", null));
        expect(401, api.send("DELETE", api.path("1.1", "audience1"), null, "wrong"));
        api.write("1.1", "PUT", "audience1", "{\"ids\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
        emulator.injectFault(BatchEmulator.Fault.DROP_BEFORE_APPLY, 1);
        assertThatThrownBy(() -> api.api("1.1", "PATCH", "audience1", idsBody(null, List.of(add("lost")))))
                .isInstanceOf(IOException.class);
        api.members("audience1");

        JsonNode stats = api.stats();
        // awaitApplied's views are GET 200s: at least one; the rest is exact.
        long views = stats.path("requests").path("GET").path("200").asLong();
        assertThat(views).isPositive();
        assertThat(stats).isEqualTo(ApiCalls.JSON.readTree("""
                {"requests": {"POST": {"200": 1},
                              "PATCH": {"201": 1, "dropped": 1},
                              "GET": {"200": %d, "404": 1},
                              "DELETE": {"401": 1},
                              "PUT": {"201": 1}},
                 "ids_received": {"PATCH": 3, "PUT": 2},
                 "max_writes_in_flight": 1}
                """.formatted(views)));
    }

    @Test
    void resetForgetsAudiencesTokensPendingWritesStatsAndInjectedFaults() throws IOException {
        api.create11("audience1");
        String token = api.write("1.1", "PATCH", "audience1", idsBody(null, List.of(add("x"))));
        api.awaitApplied("1.1", "audience1", token);
        emulator.setIndexingDelayMs(600_000);
        api.write("1.1", "PATCH", "audience1", idsBody(null, List.of(add("pending"))));
        emulator.injectFault(BatchEmulator.Fault.SERVER_ERROR, 3);
        emulator.setLatencyMs(60_000);

        JsonNode answer = expect(200, api.send("POST", "/_emulator/reset", null, null)).json();
        assertThat(answer).isEqualTo(ApiCalls.JSON.createObjectNode());

        assertThat(api.stats()).isEqualTo(
                ApiCalls.JSON.readTree("{\"requests\":{},\"ids_received\":{},\"max_writes_in_flight\":0}"));
        assertThat(api.members("audience1")).isEmpty();
        // A write of a forgotten audience is not waited for (whoever awaits pendingWrites() == 0).
        assertThat(emulator.pendingWrites()).isZero();
        // No fault, no latency left (the request would time out), no audience, no token.
        expect(404, api.api("1.1", "GET", "audience1", null));
        api.create11("audience1");
        assertThat(api.send("GET", api.path("1.1", "audience1") + "?indexing_token=" + token, null).errorCode())
                .isEqualTo(31);
        assertThat(api.view("1.1", "audience1", null).path("nb_ids").asInt()).isZero();
    }

    @Test
    void resetKeepsTheEmulatorsStartupSettings() throws IOException {
        try (BatchEmulator failing = BatchEmulator.builder().apiKeys(APP_KEY).restApiKey(REST_KEY).failRate(1)
                .retryAfterSeconds(9).build().start()) {
            ApiCalls calls = new ApiCalls(failing.baseUrl(), APP_KEY, REST_KEY);
            failing.setRetryAfterSeconds(1);
            calls.reset();

            failing.injectFault(BatchEmulator.Fault.RATE_LIMITED, 1);
            ApiCalls.Answer limited = expect(429, calls.api("1.1", "GET", null, null));
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("9");
            // The configured fail rate is a setting too: every request is still faulted (a
            // clean one would get 200).
            for (int i = 0; i < 10; i++) {
                assertThat(outcomeStatus(calls)).isIn(500, 503, 429, -1);
            }
        }
    }

    @Test
    void anUnknownAdminRouteIs404AndAdminCallsAreNotCounted() throws IOException {
        ApiCalls.Answer answer = api.send("GET", "/_emulator/nothing", null, null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo(20);
        expect(404, api.send("GET", "/_emulator/reset", null, null));
        api.members("anything");
        assertThat(api.stats().path("requests")).isEmpty();
    }

    private static int outcomeStatus(ApiCalls calls) {
        try {
            return calls.api("1.1", "GET", null, null).status();
        } catch (IOException e) {
            return -1;
        }
    }
}
