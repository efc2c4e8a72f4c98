package io.github.batchaudience.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The Audiences API 2.x routes of a project: {@code POST /{2.x}/audiences/{create,update,
 * replace,remove}} (the audience named in the body), {@code GET …/audiences/view?name=N
 * [&indexing_token=T]} and {@code GET …/audiences/list?limit=L[&from=C]}, with
 * {@code Authorization: Bearer REST_KEY} and {@code X-Batch-Project: PROJECT_KEY}. A project's
 * audiences are kept apart from apps' and from other projects'. Where Batch's docs are silent:
 * create and remove answer a token already applied; a write accepted before a replace of the
 * audience is {@code REPLACED} once that replace is applied; {@code from} is an opaque cursor
 * (an offset, encoded).
 */
final class ProjectRoutes {
    private final BatchEmulator emulator;
    private final AudienceStore store;
    private final Stats stats;

    ProjectRoutes(BatchEmulator emulator, AudienceStore store, Stats stats) {
        this.emulator = emulator;
        this.store = store;
        this.stats = stats;
    }

    /** Whether a request path is one of these routes' (any 2.x version). */
    static boolean matches(String rawPath) {
        return rawPath.matches("/2\\.\\d{1,2}/audiences/.*");
    }

    /** The store's key of a project's audiences: never equal to an app key's. */
    static String storeKey(String projectKey) {
        return "project\n" + projectKey;
    }

    Object route(HttpExchange exchange, String method) throws IOException {
        String[] parts = exchange.getRequestURI().getRawPath().split("/", -1);
        // "", version, "audiences", operation
        String operation = parts.length == 4 ? parts[3] : "";
        String bearer = exchange.getRequestHeaders().getFirst("Authorization");
        String project = exchange.getRequestHeaders().getFirst("X-Batch-Project");
        if (bearer == null || !bearer.equals("Bearer " + emulator.restApiKey()) || project == null
            || !emulator.acceptsProjectKey(project)) {
            throw ApiError.authentication("invalid REST API key or project key");
        }
        String key = storeKey(project);
        Map<String, String> query = ApiHandler.query(exchange.getRequestURI().getRawQuery());
        switch (method + " " + operation) {
            case "POST create":
                return create(exchange.getRequestBody(), key);
            case "POST update":
            case "POST replace":
                return write(exchange.getRequestBody(), key, operation.equals("replace"));
            case "POST remove":
                store.delete(key, name(object(exchange.getRequestBody()).get("name")));
                return Map.of();
            case "GET view":
                return view(store.view(key, name(query.containsKey("name") ? query.get("name") : null),
                                       query.get("indexing_token"), true));
            case "GET list":
                return list(key, query);
            default:
                throw ApiError.notFound("no route " + method + " /audiences/" + operation);
        }
    }

    private Map<String, Object> create(InputStream in, String key) throws IOException {
        JsonNode body = object(in);
        String name = name(body.get("name"));
        JsonNode type = body.get("type");
        if (type == null || type.isNull()) {
            throw ApiError.missing("missing parameter type");
        }
        if (!type.isTextual() || !type.asText().equals("custom_ids")) {
            throw ApiError.malformed("type must be custom_ids");
        }
        JsonNode displayName = body.get("display_name");
        if (displayName != null && !displayName.isNull() && !displayName.isTextual()) {
            throw ApiError.malformed("display_name must be a string");
        }
        try {
            store.create(key, name, "custom_ids", displayName == null || displayName.isNull() ? name : displayName.asText());
        } catch (ApiError exists) {
            throw ApiError.alreadyExists("audience " + name + " already exists");
        }
        return Map.of("indexing_token", store.settledToken(store.get(key, name)));
    }

    private Map<String, Object> write(InputStream in, String key, boolean replace) throws IOException {
        IdsBody body = IdsBody.parse(in, Rules.V2, replace, emulator.rejectedIds());
        AudienceStore.Audience audience = store.get(key, name(body.name));
        String token = store.write(audience, body, replace, Rules.V2);
        stats.idsAccepted(replace ? "REPLACE" : "UPDATE", body.elements.size());
        return Map.of("indexing_token", token);
    }

    /** The view as the Audiences API shapes it. */
    private static Map<String, Object> view(Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", stored.get("name"));
        out.put("display_name", stored.get("description"));
        out.put("type", "CUSTOM_ID");
        out.put("nb_ids", stored.get("nb_ids"));
        if (stored.containsKey("indexing_state")) {
            out.put("indexing_state", stored.get("indexing_state"));
        }
        out.put("created", stored.get("created") + "Z");
        out.put("updated", stored.get("updated") + "Z");
        return out;
    }

    private Map<String, Object> list(String key, Map<String, String> query) {
        int limit = ApiHandler.integer(query, "limit", 10);
        if (limit < 1 || limit > 100) {
            throw ApiError.malformed("limit must be between 1 and 100");
        }
        int from = offsetOf(query.get("from"));
        List<Map<String, Object>> page = store.list(key, from, limit + 1);
        boolean more = page.size() > limit;
        List<Object> audiences = new ArrayList<>();
        for (Map<String, Object> stored : page.subList(0, Math.min(limit, page.size()))) {
            Map<String, Object> entry = view(stored);
            entry.remove("indexing_state");
            audiences.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audiences", audiences);
        if (from == 0) {
            out.put("count", store.list(key, 0, Integer.MAX_VALUE).size());
        }
        out.put("has_more", more);
        if (more) {
            out.put("next_from", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("o:" + (from + limit)).getBytes(StandardCharsets.US_ASCII)));
        }
        return out;
    }

    private static int offsetOf(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (decoded.startsWith("o:")) {
                return Math.max(0, Integer.parseInt(decoded.substring(2)));
            }
        } catch (IllegalArgumentException notACursor) {
            // explained below
        }
        throw ApiError.malformed("from is not a cursor this API gave");
    }

    private static JsonNode object(InputStream in) throws IOException {
        JsonNode body;
        try {
            body = ApiHandler.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(in);
        } catch (JsonProcessingException e) {
            throw ApiError.malformedJson("malformed JSON body: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.malformedJson("the body must be a JSON object");
        }
        return body;
    }

    private static String name(JsonNode name) {
        if (name == null || name.isNull()) {
            throw ApiError.missing("missing parameter name");
        }
        if (!name.isTextual()) {
            throw ApiError.malformed("name must be a string");
        }
        return name(name.asText());
    }

    private static String name(String name) {
        if (name == null) {
            throw ApiError.missing("missing parameter name");
        }
        if (!name.matches("[A-Za-z0-9_-]{1,255}")) {
            throw ApiError.malformed("invalid audience name");
        }
        return name;
    }
}
