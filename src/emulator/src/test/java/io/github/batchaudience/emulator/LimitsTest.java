package io.github.batchaudience.emulator;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.github.batchaudience.emulator.ApiCalls.add;
import static io.github.batchaudience.emulator.ApiCalls.adds;
import static io.github.batchaudience.emulator.ApiCalls.expect;
import static io.github.batchaudience.emulator.ApiCalls.idsBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every documented limit of the API at its edge: the last accepted value gets the documented success
 * (and is stored as sent), the first refused one 400 MALFORMED_PARAMETER (31).
 */
class LimitsTest extends EmulatorTestSupport {
    private static final String INSTALLS = "installs";
    private static final String CUSTOMS = "customs";

    @BeforeEach
    void createAudiences() throws IOException {
        api.create11(INSTALLS);
        api.create10(CUSTOMS, "custom_ids");
    }

    /** One 1.1 element with these attributes (JSON object text) and tags (JSON array text). */
    private static String element(String attributes, String tags) {
        return "{\"action\":\"add\",\"id\":\"install-1\"" + (attributes == null ? "" : ",\"attributes\":" + attributes)
               + (tags == null ? "" : ",\"tags\":" + tags) + "}";
    }

    private static String attribute(String name, String jsonValue) {
        return element("{\"" + name + "\":" + jsonValue + "}", null);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    /** label, the element at the limit, the element past it. */
    static Stream<Arguments> elementEdges() {
        String url = "https://batch.com/";
        return Stream.of(
            arguments("ID length 128 / 129", add("i".repeat(128)), add("i".repeat(129))),
            arguments("attributes 15 / 16", element(ApiCalls.attributes(15), null),
                      element(ApiCalls.attributes(16), null)),
            arguments("attribute name 30 / 31 characters", attribute("a".repeat(30), "1"), attribute("a".repeat(31), "1")),
            arguments("date() name 30 / 31 characters", attribute("date(" + "d".repeat(30) + ")", "0"),
                      attribute("date(" + "d".repeat(31) + ")", "0")),
            arguments("url() name 30 / 31 characters", attribute("url(" + "u".repeat(30) + ")", quoted(url)),
                      attribute("url(" + "u".repeat(31) + ")", quoted(url))),
            arguments("attribute name 1 / 0 characters", attribute("a", "1"), attribute("", "1")),
            arguments("attribute name characters [a-z0-9_] / '-'", attribute("a_z_0_9", "1"), attribute("a-z", "1")),
            arguments("tags 10 / 11", element(null, ApiCalls.tags(10)), element(null, ApiCalls.tags(11))),
            arguments("tag length 64 / 65", element(null, "[" + quoted("t".repeat(64)) + "]"),
                      element(null, "[" + quoted("t".repeat(65)) + "]")),
            arguments("tag length 1 / 0", element(null, "[\"t\"]"), element(null, "[\"\"]")),
            arguments("string value 64 / 65 characters", attribute("s", quoted("v".repeat(64))),
                      attribute("s", quoted("v".repeat(65)))),
            arguments("URL 2048 / 2049 characters", attribute("url(u)", quoted(url + "p".repeat(2048 - url.length()))),
                      attribute("url(u)", quoted(url + "p".repeat(2049 - url.length())))),
            arguments("date ISO-8601 to the second / without seconds", attribute("date(d)", quoted("2012-08-12T22:30:05")),
                      attribute("date(d)", quoted("2012-08-12T22:30"))),
            arguments("date a real day / an impossible one", attribute("date(d)", quoted("2012-02-29T00:00:00")),
                      attribute("date(d)", quoted("2013-02-29T00:00:00"))),
            arguments("date epoch seconds 0 / -1", attribute("date(d)", "0"), attribute("date(d)", "-1")),
            arguments("integer / null value", attribute("n", "-42"), attribute("n", "null")),
            arguments("float / array value", attribute("f", "2.5"), attribute("f", "[2.5]")),
            arguments("boolean / object value", attribute("b", "true"), attribute("b", "{\"b\":true}")),
            arguments("http(s) URL / another scheme", attribute("url(u)", quoted("http://batch.com")),
                      attribute("url(u)", quoted("ftp://batch.com"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementEdges")
    void elementAtTheLimitIsStoredAndPastItRefused(String label, String atLimit, String pastLimit) throws IOException {
        String token = api.write("1.1", "PATCH", INSTALLS, idsBody(null, List.of(atLimit)));
        api.awaitApplied("1.1", INSTALLS, token);
        var sent = ApiCalls.JSON.readTree(atLimit);
        var stored = api.members(INSTALLS).get(0);
        assertThat(stored.path("id")).isEqualTo(sent.path("id"));
        if (sent.has("attributes")) {
            assertThat(stored.path("attributes")).isEqualTo(sent.path("attributes"));
        }
        if (sent.has("tags")) {
            assertThat(stored.path("tags")).isEqualTo(sent.path("tags"));
        }

        assertMalformed(api.api("1.1", "PATCH", INSTALLS, idsBody(null, List.of(pastLimit))));
        assertMalformed(api.api("1.1", "PUT", INSTALLS, idsBody(null, List.of(pastLimit.replace("\"action\":\"add\",", "")))));
    }

    /** version, method, audience, 1.0 type. */
    static Stream<Arguments> writes() {
        return Stream.of(arguments("1.1", "PATCH", INSTALLS, null), arguments("1.1", "PUT", INSTALLS, null),
                         arguments("1.0", "PATCH", CUSTOMS, "custom_ids"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writes")
    void tenThousandIdsAreAcceptedTenThousandAndOneRefused(String version, String method, String audience, String type)
            throws IOException {
        List<String> elements = adds("id-", 10_000);
        if (method.equals("PUT")) {
            elements.replaceAll(e -> e.replace("\"action\":\"add\",", ""));
        }
        String token = api.write(version, method, audience, idsBody(type, elements));
        assertThat(api.awaitApplied(version, audience, token).path("nb_ids").asInt()).isEqualTo(10_000);

        elements.add(elements.get(0).replace("id-0", "id-10000"));
        assertMalformed(api.api(version, method, audience, idsBody(type, elements)));
        assertThat(api.view(version, audience, null).path("nb_ids").asInt()).isEqualTo(10_000);
    }

    @Test
    void idLengthIsLimitedIn10Too() throws IOException {
        api.awaitApplied("1.0", CUSTOMS, api.write("1.0", "PATCH", CUSTOMS, idsBody("custom_ids", List.of(add("c".repeat(128))))));
        assertMalformed(api.api("1.0", "PATCH", CUSTOMS, idsBody("custom_ids", List.of(add("c".repeat(129))))));
    }

    @Test
    void audienceNamesAreUpTo255LettersDigitsUnderscoresAndDashes() throws IOException {
        String longest = "N".repeat(255);
        expect(200, api.api("1.1", "POST", longest, "{}"));
        assertThat(api.view("1.1", longest, null).path("name").asText()).isEqualTo(longest);
        assertMalformed(api.api("1.1", "POST", "N".repeat(256), "{}"));

        expect(200, api.api("1.1", "POST", "Az09_-", "{}"));
        for (String bad : List.of("a.b", "a%20b", "caf%C3%A9", "a+b", "a%2Fb")) {
            assertMalformed(api.api("1.1", "POST", bad, "{}"));
        }
        // Every route checks the name, not only create.
        assertMalformed(api.api("1.1", "GET", "a.b", null));
        assertMalformed(api.api("1.1", "PATCH", "a.b", idsBody(null, List.of(add("x")))));
    }

    @Test
    void audienceNamesAreCaseSensitive() throws IOException {
        api.create11("Vip");
        api.create11("vip");
        api.awaitApplied("1.1", "Vip", api.write("1.1", "PATCH", "Vip", idsBody(null, List.of(add("x")))));
        assertThat(api.view("1.1", "Vip", null).path("nb_ids").asInt()).isEqualTo(1);
        assertThat(api.view("1.1", "vip", null).path("nb_ids").asInt()).isZero();
        assertThat(api.api("1.1", "GET", "VIP", null).status()).isEqualTo(404);
    }

    @Test
    void listLimitIsAtMost100AndFromAtLeast0() throws IOException {
        expect(200, api.send("GET", api.path("1.1", null) + "?from=0&limit=100", null));
        expect(200, api.send("GET", api.path("1.1", null) + "?limit=1", null));
        assertMalformed(api.send("GET", api.path("1.1", null) + "?limit=101", null));
        assertMalformed(api.send("GET", api.path("1.1", null) + "?limit=0", null));
        assertMalformed(api.send("GET", api.path("1.1", null) + "?from=-1", null));
        // Past the end is an empty page, not an error.
        assertThat(expect(200, api.send("GET", api.path("1.1", null) + "?from=2", null)).json().path("custom_audiences"))
                .isEmpty();
    }

    @Test
    void descriptionsHaveNoDocumentedLimit() throws IOException {
        // The API documents none: the emulator keeps any string whole.
        String description = "d".repeat(10_000);
        expect(200, api.api("1.1", "POST", "described", "{\"description\":\"" + description + "\"}"));
        assertThat(api.view("1.1", "described", null).path("description").asText()).isEqualTo(description);
    }

    private static void assertMalformed(ApiCalls.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.errorCode()).as("%s", answer).isEqualTo(31);
    }
}
