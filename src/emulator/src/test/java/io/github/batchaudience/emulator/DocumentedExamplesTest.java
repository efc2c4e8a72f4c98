package io.github.batchaudience.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.batchaudience.emulator.ApiCalls.expect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of Batch's Custom Audience API documentation gets the documented success, with
 * the documented shape. Payloads are the docs' own, from the pages cited at each test
 * (doc.batch.com, "Custom Audience API" 1.0 and 1.1, as stored in our reference copies).
 */
class DocumentedExamplesTest extends EmulatorTestSupport {
    /** The docs show timestamps as {@code 2018-06-29T13:12:09}: seconds, no zone. */
    private static final String DOC_TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d";
    private static final Set<String> VIEW_FIELDS = Set.of("name", "type", "description", "created", "updated",
                                                          "nb_ids", "indexing_state");
    private static final Set<String> LIST_FIELDS = Set.of("name", "type", "description", "nb_ids", "created",
                                                          "updated");

    // https://doc.batch.com/api/custom-audience/1.0/update (the docs' complete payload)
    private static final String UPDATE_10 = """
            {
              "type": "custom_ids",
              "ids": [
                {
                  "action": "add",
                  "id": "USER_CUSTOM_ID1"
                },
                {
                  "action": "remove",
                  "id": "USER_CUSTOM_ID2"
                }
              ]
            }
            """;

    // https://doc.batch.com/api/custom-audience/1.1/update (the docs' complete payload). Our copy
    // lost the url(att20) value (a link) and is cut inside the remove element: those two are ours.
    static final String UPDATE_11 = """
            {
              "ids": [
                {
                  "action": "add",
                  "id": "INSTALL-ID-1",
                  "attributes": {
                    "att1": 3,
                    "att2": "string",
                    "date(att15)": "2012-08-12T22:30:05",
                    "url(att20)": "https://batch.com"
                  },
                  "tags": ["value-1", "value-2"]
                },
                {
                  "action": "remove",
                  "id": "INSTALL-ID-2"
                }
              ]
            }
            """;

    // https://doc.batch.com/api/custom-audience/1.1/replace (the docs' complete payload; our copy
    // is cut inside the second element's date, completed in the first one's style).
    private static final String REPLACE_11 = """
            {
              "ids": [
                {
                  "id": "INSTALL-ID-1",
                  "attributes": {
                    "att1": 3,
                    "att2": "string",
                    "date(att15)": "2012-08-12T22:30:05"
                  },
                  "tags": [
                    "value-1",
                    "value-2"
                  ]
                },
                {
                  "id": "INSTALL-ID-2",
                  "attributes": {
                    "att1": 2,
                    "att2": "string",
                    "date(att15)": "2013-08-12T22:30:05"
                  },
                  "tags": [
                    "value-1"
                  ]
                }
              ]
            }
            """;

    // https://doc.batch.com/api/custom-audience/create: 200 and an empty JSON payload.
    @Test
    void create10TakesTheDocumentedPayload() throws IOException {
        String body = """
                {
                  "type": "custom_ids",
                  "description": "The audience description"
                }
                """;
        assertThat(expect(200, api.api("1.0", "POST", "audience1", body)).json()).isEqualTo(ApiCalls.JSON.createObjectNode());

        JsonNode view = api.view("1.0", "audience1", null);
        assertViewShape(view);
        assertThat(view.path("name").asText()).isEqualTo("audience1");
        assertThat(view.path("type").asText()).isEqualTo("custom_ids");
        assertThat(view.path("description").asText()).isEqualTo("The audience description");
        assertThat(view.path("nb_ids").asInt()).isZero();
    }

    // The docs' create route takes advertising_ids as the other 1.0 type.
    @Test
    void create10TakesAdvertisingIds() throws IOException {
        expect(200, api.api("1.0", "POST", "gaids", "{\"type\":\"advertising_ids\"}"));
        assertThat(api.view("1.0", "gaids", null).path("type").asText()).isEqualTo("advertising_ids");
        String token = api.write("1.0", "PATCH", "gaids", ApiCalls.idsBody("advertising_ids", List.of(
                ApiCalls.add("38400000-8cf0-11bd-b23e-10b96e40000d"))));
        assertThat(api.awaitApplied("1.0", "gaids", token).path("nb_ids").asInt()).isEqualTo(1);
    }

    // https://doc.batch.com/api/custom-audience/1.1/create: description only, optional.
    @ParameterizedTest
    @ValueSource(strings = { "{\"description\": \"The audience description\"}", "{}" })
    void create11TakesTheDocumentedPayload(String body) throws IOException {
        assertThat(expect(200, api.api("1.1", "POST", "audience1", body)).json()).isEqualTo(ApiCalls.JSON.createObjectNode());
        JsonNode view = api.view("1.1", "audience1", null);
        assertViewShape(view);
        assertThat(view.path("type").asText()).isEqualTo("install_ids");
    }

    @Test
    void update10AddsAndRemoves() throws IOException {
        api.create10("audience1", "custom_ids");
        api.awaitApplied("1.0", "audience1", api.write("1.0", "PATCH", "audience1",
                                                        ApiCalls.idsBody("custom_ids", List.of(ApiCalls.add("USER_CUSTOM_ID2")))));
        assertThat(api.memberIds("audience1")).containsExactly("USER_CUSTOM_ID2");

        ApiCalls.Answer answer = expect(201, api.api("1.0", "PATCH", "audience1", UPDATE_10));
        assertThat(fieldNames(answer.json())).containsExactly("indexing_token");
        assertThat(answer.token()).matches(ApiCalls.TOKEN_PATTERN);

        assertThat(api.awaitApplied("1.0", "audience1", answer.token()).path("nb_ids").asInt()).isEqualTo(1);
        assertThat(api.memberIds("audience1")).containsExactly("USER_CUSTOM_ID1");
    }

    @Test
    void update11StoresAttributesOfEveryKindAndTags() throws IOException {
        api.create11("audience1");
        api.awaitApplied("1.1", "audience1", api.write("1.1", "PATCH", "audience1",
                                                        ApiCalls.idsBody(null, List.of(ApiCalls.add("INSTALL-ID-2")))));

        String token = api.write("1.1", "PATCH", "audience1", UPDATE_11);
        assertThat(api.awaitApplied("1.1", "audience1", token).path("nb_ids").asInt()).isEqualTo(1);

        List<JsonNode> members = api.members("audience1");
        assertThat(members).hasSize(1);
        assertThat(members.get(0)).isEqualTo(ApiCalls.JSON.readTree("""
                {"id": "INSTALL-ID-1",
                 "attributes": {"att1": 3, "att2": "string", "date(att15)": "2012-08-12T22:30:05",
                                "url(att20)": "https://batch.com"},
                 "tags": ["value-1", "value-2"]}
                """));
    }

    @Test
    void replace11RemovesEveryMemberAndAddsTheGivenOnes() throws IOException {
        api.create11("audience1");
        api.awaitApplied("1.1", "audience1", api.write("1.1", "PATCH", "audience1",
                                                        ApiCalls.idsBody(null, ApiCalls.adds("OLD-", 3))));

        String token = api.write("1.1", "PUT", "audience1", REPLACE_11);
        assertThat(api.awaitApplied("1.1", "audience1", token).path("nb_ids").asInt()).isEqualTo(2);

        List<JsonNode> members = api.members("audience1");
        assertThat(members).extracting(m -> m.path("id").asText()).containsExactly("INSTALL-ID-1", "INSTALL-ID-2");
        assertThat(members.get(1).path("attributes").path("date(att15)").asText()).isEqualTo("2013-08-12T22:30:05");
        assertThat(members.get(1).path("tags")).hasSize(1);
    }

    // https://doc.batch.com/api/custom-audience/1.1/get: with the token, that write's state;
    // without, the last update's.
    @Test
    void viewWithAndWithoutToken() throws IOException {
        api.create11("audience1");
        String token = api.write("1.1", "PATCH", "audience1", UPDATE_11);
        JsonNode applied = api.awaitApplied("1.1", "audience1", token);
        assertViewShape(applied);
        assertThat(applied.path("nb_ids").asInt()).isEqualTo(1);

        JsonNode withoutToken = api.view("1.1", "audience1", null);
        assertViewShape(withoutToken);
        assertThat(withoutToken.path("indexing_state").asText()).isEqualTo("APPLIED");
        assertThat(withoutToken.path("nb_ids").asInt()).isEqualTo(1);
    }

    // https://doc.batch.com/api/custom-audience/list: newest first; the docs' request is
    // "5 custom audiences, starting from the 10th" (from=10&limit=5); limit defaults to 10.
    @Test
    void listPagesNewestFirst() throws IOException {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            api.create10("audience" + i, i % 2 == 0 ? "custom_ids" : "advertising_ids");
            newestFirst.add(0, "audience" + i);
        }

        JsonNode page = expect(200, api.send("GET", api.path("1.0", null) + "?from=10&limit=5", null)).json();
        assertThat(fieldNames(page)).containsExactly("custom_audiences");
        List<String> names = new ArrayList<>();
        for (JsonNode audience : page.path("custom_audiences")) {
            assertThat(fieldNames(audience)).isEqualTo(LIST_FIELDS);
            assertThat(audience.path("created").asText()).matches(DOC_TIMESTAMP);
            assertThat(audience.path("updated").asText()).matches(DOC_TIMESTAMP);
            names.add(audience.path("name").asText());
        }
        assertThat(names).isEqualTo(newestFirst.subList(10, 15));

        JsonNode defaults = expect(200, api.send("GET", api.path("1.0", null), null)).json();
        assertThat(defaults.path("custom_audiences")).hasSize(10);
        assertThat(defaults.path("custom_audiences").get(0).path("name").asText()).isEqualTo("audience15");
        // Audiences of every type are listed, whichever version lists them.
        assertThat(expect(200, api.send("GET", api.path("1.1", null) + "?limit=100", null)).json()
                           .path("custom_audiences")).hasSize(16);
    }

    // https://doc.batch.com/api/custom-audience/1.0/delete and 1.1/delete: 200.
    @ParameterizedTest
    @ValueSource(strings = { "1.0", "1.1" })
    void deleteForgetsTheAudience(String version) throws IOException {
        if (version.equals("1.0")) {
            api.create10("audience1", "custom_ids");
        } else {
            api.create11("audience1");
        }
        expect(200, api.api(version, "DELETE", "audience1", null));
        assertThat(api.api(version, "GET", "audience1", null).status()).isEqualTo(404);
        assertThat(expect(200, api.api(version, "GET", null, null)).json().path("custom_audiences")).isEmpty();
        // The name is free again.
        expect(200, api.api("1.1", "POST", "audience1", "{}"));
    }

    @Test
    void audiencesAreKeptPerAppKey() throws IOException {
        api.create11("audience1");
        ApiCalls other = new ApiCalls(emulator.baseUrl(), OTHER_APP_KEY, REST_KEY);
        assertThat(other.api("1.1", "GET", "audience1", null).status()).isEqualTo(404);
        other.create11("audience1");
        other.awaitApplied("1.1", "audience1", other.write("1.1", "PATCH", "audience1",
                                                            ApiCalls.idsBody(null, List.of(ApiCalls.add("X")))));
        assertThat(api.view("1.1", "audience1", null).path("nb_ids").asInt()).isZero();
        assertThat(api.members("audience1", "?api_key=" + OTHER_APP_KEY)).hasSize(1);
    }

    private static void assertViewShape(JsonNode view) {
        assertThat(fieldNames(view)).isEqualTo(VIEW_FIELDS);
        assertThat(view.path("created").asText()).matches(DOC_TIMESTAMP);
        assertThat(view.path("updated").asText()).matches(DOC_TIMESTAMP);
        assertThat(view.path("nb_ids").isIntegralNumber()).isTrue();
        assertThat(view.path("indexing_state").asText()).isIn("IN_PROGRESS", "APPLIED");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
