package io.github.batchaudience.emulator;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error the API documents, with its HTTP status and code, provoked by the requests that
 * should provoke it, in the documented body {@code {"error_code": n, "error_message": "…"}}.
 * A refused request changes nothing: no ID of it is accepted.
 */
class ErrorCodesTest extends EmulatorTestSupport {
    private static final String V11 = "/1.1/" + APP_KEY + "/custom-audience/";
    private static final String V10 = "/1.0/" + APP_KEY + "/custom-audience/";
    /** An install-ID audience and a custom-ID one, created before each case. */
    private static final String INSTALLS = "installs";
    private static final String CUSTOMS = "customs";

    /**
     * One request and the error it must get. {@code authorization} null sends no X-Authorization;
     * {@code fault}, when set, is injected for this request.
     */
    record Case(String label, String method, String path, String body, String authorization,
                BatchEmulator.Fault fault, int status, int code) {
        @Override
        public String toString() {
            return status + "/" + code + ": " + label;
        }
    }

    private static Case error(int status, int code, String label, String method, String path, String body) {
        return new Case(label, method, path, body, REST_KEY, null, status, code);
    }

    private static Case patch11(int code, String label, String elements) {
        return error(400, code, label, "PATCH", V11 + INSTALLS, "{\"ids\":[" + elements + "]}");
    }

    static Stream<Case> cases() {
        String okElement = ApiCalls.add("ok-id");
        return Stream.of(
            // AUTHENTICATION_INVALID
            new Case("unknown app key in the path", "GET", "/1.1/not-" + APP_KEY + "/custom-audience/" + INSTALLS, null,
                     REST_KEY, null, 401, 10),
            new Case("unknown app key on the list route", "GET", "/1.0/not-" + APP_KEY + "/custom-audience", null,
                     REST_KEY, null, 401, 10),
            new Case("wrong X-Authorization", "GET", V11 + INSTALLS, null, "not-" + REST_KEY, null, 401, 10),
            new Case("no X-Authorization", "PATCH", V11 + INSTALLS, "{\"ids\":[" + okElement + "]}", null, null, 401, 10),
            new Case("the app key is checked before the audience exists", "GET", "/1.1/not-" + APP_KEY
                     + "/custom-audience/missing", null, REST_KEY, null, 401, 10),
            // API_MISUSE
            error(403, 12, "create an existing 1.1 audience", "POST", V11 + INSTALLS, "{}"),
            error(403, 12, "create an existing 1.0 audience", "POST", V10 + CUSTOMS, "{\"type\":\"custom_ids\"}"),
            error(403, 12, "create a name taken by another version's audience", "POST", V11 + CUSTOMS, "{}"),
            // ROUTE_NOT_FOUND
            error(404, 20, "unknown API version", "GET", "/2.0/" + APP_KEY + "/custom-audience/" + INSTALLS, null),
            error(404, 20, "unknown resource", "GET", "/1.1/" + APP_KEY + "/custom-audiences/" + INSTALLS, null),
            error(404, 20, "a path below an audience", "GET", V11 + INSTALLS + "/members", null),
            error(404, 20, "view of a missing audience", "GET", V11 + "missing", null),
            error(404, 20, "update of a missing 1.1 audience", "PATCH", V11 + "missing", "{\"ids\":[" + okElement + "]}"),
            error(404, 20, "update of a missing 1.0 audience", "PATCH", V10 + "missing",
                  "{\"type\":\"custom_ids\",\"ids\":[" + okElement + "]}"),
            error(404, 20, "replace of a missing audience", "PUT", V11 + "missing", "{\"ids\":[{\"id\":\"a\"}]}"),
            error(404, 20, "delete of a missing audience", "DELETE", V11 + "missing", null),
            error(404, 20, "replace in API 1.0", "PUT", V10 + CUSTOMS, "{\"type\":\"custom_ids\",\"ids\":[{\"id\":\"a\"}]}"),
            error(404, 20, "POST on the list route", "POST", V11, "{}"),
            // MISSING_PARAMETER
            error(400, 30, "update without ids", "PATCH", V11 + INSTALLS, "{}"),
            error(400, 30, "replace without ids", "PUT", V11 + INSTALLS, "{\"tags\":[]}"),
            patch11(30, "an element without id", okElement + ",{\"action\":\"add\"}"),
            patch11(30, "an element without action", okElement + ",{\"id\":\"b\"}"),
            error(400, 30, "replace element without id", "PUT", V11 + INSTALLS, "{\"ids\":[{\"id\":\"a\"},{\"tags\":[\"t\"]}]}"),
            error(400, 30, "1.0 update without type", "PATCH", V10 + CUSTOMS, "{\"ids\":[" + okElement + "]}"),
            error(400, 30, "1.0 create without type", "POST", V10 + "newaudience", "{\"description\":\"d\"}"),
            // MALFORMED_PARAMETER
            error(400, 31, "ids not an array", "PATCH", V11 + INSTALLS, "{\"ids\":{\"id\":\"a\"}}"),
            patch11(31, "an element not an object", okElement + ",\"b\""),
            patch11(31, "an id not a string", "{\"action\":\"add\",\"id\":12}"),
            patch11(31, "an empty id", "{\"action\":\"add\",\"id\":\"\"}"),
            patch11(31, "an id over 128 characters", okElement + "," + ApiCalls.add("x".repeat(129))),
            patch11(31, "an unknown action", "{\"action\":\"delete\",\"id\":\"a\"}"),
            patch11(31, "more than 15 attributes", "{\"action\":\"add\",\"id\":\"a\",\"attributes\":" + ApiCalls.attributes(16) + "}"),
            patch11(31, "an upper-case attribute name", "{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"Age\":3}}"),
            patch11(31, "an attribute name with the u. prefix", "{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"u.age\":3}}"),
            patch11(31, "an attribute string over 64 characters",
                    "{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"s\":\"" + "v".repeat(65) + "\"}}"),
            patch11(31, "a null attribute", "{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"s\":null}}"),
            patch11(31, "an object attribute", "{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"s\":{\"x\":1}}}"),
            patch11(31, "a date that is not ISO-8601",
                    "{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"date(d)\":\"12/08/2012\"}}"),
            patch11(31, "a url that is not a URL", "{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"url(u)\":\"batch\"}}"),
            patch11(31, "attributes with remove", "{\"action\":\"remove\",\"id\":\"a\",\"attributes\":{\"n\":1}}"),
            patch11(31, "tags with remove", "{\"action\":\"remove\",\"id\":\"a\",\"tags\":[\"t\"]}"),
            patch11(31, "more than 10 tags", "{\"action\":\"add\",\"id\":\"a\",\"tags\":" + ApiCalls.tags(11) + "}"),
            patch11(31, "an empty tag", "{\"action\":\"add\",\"id\":\"a\",\"tags\":[\"\"]}"),
            error(400, 31, "remove in a replace", "PUT", V11 + INSTALLS, "{\"ids\":[{\"action\":\"remove\",\"id\":\"a\"}]}"),
            error(400, 31, "a 1.0 type that is not the audience's", "PATCH", V10 + CUSTOMS,
                  "{\"type\":\"advertising_ids\",\"ids\":[" + okElement + "]}"),
            error(400, 31, "attributes in API 1.0", "PATCH", V10 + CUSTOMS,
                  "{\"type\":\"custom_ids\",\"ids\":[{\"action\":\"add\",\"id\":\"a\",\"attributes\":{\"n\":1}}]}"),
            error(400, 31, "a 1.0 audience written through 1.1", "PATCH", V11 + CUSTOMS, "{\"ids\":[" + okElement + "]}"),
            error(400, 31, "a 1.1 audience written through 1.0", "PATCH", V10 + INSTALLS,
                  "{\"type\":\"custom_ids\",\"ids\":[" + okElement + "]}"),
            error(400, 31, "a 1.0 create of an unknown type", "POST", V10 + "newaudience", "{\"type\":\"install_ids\"}"),
            error(400, 31, "a description that is not a string", "POST", V11 + "newaudience", "{\"description\":3}"),
            error(400, 31, "an audience name with a dot", "POST", V11 + "bad.name", "{}"),
            error(400, 31, "an audience name over 255 characters", "POST", V11 + "n".repeat(256), "{}"),
            error(400, 31, "a list limit over 100", "GET", V11 + "?limit=101", null),
            error(400, 31, "a list offset that is not a number", "GET", V11 + "?from=first", null),
            error(400, 31, "a view by an unknown token", "GET", V11 + INSTALLS + "?indexing_token=" + "0".repeat(32), null),
            // MALFORMED_JSON_BODY
            error(400, 32, "an update body that is not JSON", "PATCH", V11 + INSTALLS, "ids=a"),
            error(400, 32, "a truncated update body", "PATCH", V11 + INSTALLS, "{\"ids\":[" + okElement),
            error(400, 32, "an empty update body", "PATCH", V11 + INSTALLS, ""),
            error(400, 32, "an update body that is an array", "PATCH", V11 + INSTALLS, "[" + okElement + "]"),
            error(400, 32, "content after the update's JSON", "PATCH", V11 + INSTALLS, "{\"ids\":[" + okElement + "]} {}"),
            error(400, 32, "a create body that is not JSON", "POST", V11 + "newaudience", "{description: d}"),
            error(400, 32, "content after the create's JSON", "POST", V11 + "newaudience", "{} {\"description\":\"d\"}"),
            // SERVER_ERROR, MAINTENANCE_ERROR: the emulator's injected faults
            new Case("a server fault", "PATCH", V11 + INSTALLS, "{\"ids\":[" + okElement + "]}", REST_KEY,
                     BatchEmulator.Fault.SERVER_ERROR, 500, 1),
            new Case("maintenance", "GET", V11 + INSTALLS, null, REST_KEY, BatchEmulator.Fault.MAINTENANCE, 503, 2));
    }

    @BeforeEach
    void createAudiences() throws IOException {
        api.create11(INSTALLS);
        api.create10(CUSTOMS, "custom_ids");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void errorIsAnsweredWithItsStatusAndCode(Case c) throws IOException {
        if (c.fault() != null) {
            emulator.injectFault(c.fault(), 1);
        }
        ApiCalls.Answer answer = api.send(c.method(), c.path(), c.body(), c.authorization());

        assertThat(answer.status()).as("status of %s", answer).isEqualTo(c.status());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = answer.json();
        assertThat(body.path("error_code").isIntegralNumber()).as(answer.body()).isTrue();
        assertThat(body.path("error_code").asInt()).as(answer.body()).isEqualTo(c.code());
        assertThat(body.path("error_message").asText()).as(answer.body()).isNotBlank();
        assertThat(api.idsReceived()).as("IDs accepted despite the error").isZero();
        assertThat(emulator.pendingWrites()).isZero();
    }

    @Test
    void everyDocumentedErrorIsProvoked() {
        // The documented errors: AUTHENTICATION_INVALID, API_MISUSE, ROUTE_NOT_FOUND, MISSING_PARAMETER,
        // MALFORMED_PARAMETER, MALFORMED_JSON_BODY, SERVER_ERROR, MAINTENANCE_ERROR.
        Set<List<Integer>> documented = Set.of(List.of(401, 10), List.of(403, 12), List.of(404, 20), List.of(400, 30),
                                               List.of(400, 31), List.of(400, 32), List.of(500, 1), List.of(503, 2));
        assertThat(cases().map(c -> List.of(c.status(), c.code())).collect(Collectors.toSet())).isEqualTo(documented);
    }

    @Test
    void aRefusedRequestChangesNothingAndTheAudienceStaysUsable() throws IOException {
        api.awaitApplied("1.1", INSTALLS, api.write("1.1", "PATCH", INSTALLS,
                                                     ApiCalls.idsBody(null, List.of(ApiCalls.add("kept")))));
        long accepted = api.idsReceived();
        // One bad element among good ones refuses the whole request, whatever its position.
        ApiCalls.expect(400, api.api("1.1", "PATCH", INSTALLS, "{\"ids\":[" + ApiCalls.remove("kept") + ","
                                                                 + ApiCalls.add("x".repeat(129)) + "]}"));
        ApiCalls.expect(400, api.api("1.1", "PUT", INSTALLS, "{\"ids\":[{\"id\":\"new\"},{\"id\":\"\"}]}"));
        assertThat(api.idsReceived()).isEqualTo(accepted);
        assertThat(api.memberIds(INSTALLS)).containsExactly("kept");
    }
}
