package io.github.batchaudience.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Talks to an emulator the way any HTTP client would, through the JDK's HttpClient: the
 * conformance suite must not lean on the project's own client, whose bugs could mirror the
 * emulator's.
 */
final class ApiCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN_PATTERN = "[0-9a-f]{32}";

    /** A request's outcome: status, headers and body as received. */
    record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt(-1);
        }

        String token() {
            return json().path("indexing_token").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    // HTTP/1.1 only: the JDK client's h2c upgrade attempt would add headers the real API never sees.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String appKey;
    private final String restKey;

    ApiCalls(String baseUrl, String appKey, String restKey) {
        this.baseUrl = baseUrl;
        this.appKey = appKey;
        this.restKey = restKey;
    }

    /** The Batch path of an audience ({@code name} null: the list route). */
    String path(String version, String name) {
        return "/" + version + "/" + appKey + "/custom-audience" + (name == null ? "" : "/" + name);
    }

    /**
     * Sends a request with the given X-Authorization (none when null) and Content-Type JSON, as
     * the docs' curl examples do. Fails the test on a hung emulator rather than hanging the build.
     */
    Answer send(String method, String path, String body, String authorization) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("X-Authorization", authorization);
        }
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    Answer send(String method, String path, String body) throws IOException {
        return send(method, path, body, restKey);
    }

    Answer api(String version, String method, String name, String body) throws IOException {
        return send(method, path(version, name), body);
    }

    Answer create11(String name) throws IOException {
        return expect(200, api("1.1", "POST", name, "{\"description\":\"conformance\"}"));
    }

    Answer create10(String name, String type) throws IOException {
        return expect(200, api("1.0", "POST", name, "{\"type\":\"" + type + "\",\"description\":\"conformance\"}"));
    }

    /** A write that must be accepted; returns its token. */
    String write(String version, String method, String name, String body) throws IOException {
        Answer answer = expect(201, api(version, method, name, body));
        assertThat(answer.token()).matches(TOKEN_PATTERN);
        return answer.token();
    }

    JsonNode view(String version, String name, String token) throws IOException {
        String query = token == null ? "" : "?indexing_token=" + token;
        return expect(200, send("GET", path(version, name) + query, null)).json();
    }

    /** Polls the token's state (no sleep: Awaitility) until it is APPLIED; returns that view. */
    JsonNode awaitApplied(String version, String name, String token) {
        JsonNode[] applied = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            applied[0] = view(version, name, token);
            assertThat(applied[0].path("indexing_state").asText()).isEqualTo("APPLIED");
        });
        return applied[0];
    }

    /** The members through the admin route, one JSON object a line. */
    List<JsonNode> members(String name) throws IOException {
        return members(name, "");
    }

    List<JsonNode> members(String name, String query) throws IOException {
        Answer answer = expect(200, send("GET", "/_emulator/audiences/" + name + "/members" + query, null, null));
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> out = new ArrayList<>();
        for (String line : answer.body().split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    List<String> memberIds(String name) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode member : members(name)) {
            ids.add(member.path("id").asText());
        }
        return ids;
    }

    JsonNode stats() throws IOException {
        return expect(200, send("GET", "/_emulator/stats", null, null)).json();
    }

    /** IDs the emulator accepted in writes, all methods together: what a refused or dropped write must not add to. */
    long idsReceived() throws IOException {
        long total = 0;
        for (JsonNode n : stats().path("ids_received")) {
            total += n.asLong();
        }
        return total;
    }

    void reset() throws IOException {
        expect(200, send("POST", "/_emulator/reset", null, null));
    }

    static Answer expect(int status, Answer answer) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        return answer;
    }

    /** {@code {"ids":[…]}} from elements already written as JSON, with a 1.0 type when not null. */
    static String idsBody(String type, List<String> elements) {
        return "{" + (type == null ? "" : "\"type\":\"" + type + "\",") + "\"ids\":[" + String.join(",", elements) + "]}";
    }

    static String add(String id) {
        return "{\"action\":\"add\",\"id\":\"" + id + "\"}";
    }

    static String remove(String id) {
        return "{\"action\":\"remove\",\"id\":\"" + id + "\"}";
    }

    /** {@code count} adds of IDs {@code prefix0…}. */
    static List<String> adds(String prefix, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(add(prefix + i));
        }
        return out;
    }

    /** {@code {"a0":0,"a1":1,…}}: {@code count} integer attributes. */
    static String attributes(int count) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":").append(i);
        }
        return out.append('}').toString();
    }

    /** {@code ["t0","t1",…]}: {@code count} tags. */
    static String tags(int count) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        return out.append(']').toString();
    }
}
