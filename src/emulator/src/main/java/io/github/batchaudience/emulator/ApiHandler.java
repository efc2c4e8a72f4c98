package io.github.batchaudience.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The Batch API routes: the Custom Audience API's {@code /{1.0|1.1}/{API_KEY}/custom-audience
 * [/NAME]} here, the Audiences API's {@code /{2.x}/audiences/…} in {@link ProjectRoutes}. Faults
 * (on demand or by rate) and the rate limit apply to both, never to the admin routes.
 */
final class ApiHandler implements HttpHandler {
    /** Leaves request streams open: {@link #send} still reads what is left of them. */
    static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    private static final Set<String> ID_TYPES_10 = Set.of("custom_ids", "advertising_ids");

    private final BatchEmulator emulator;
    private final AudienceStore store;
    private final Faults faults;
    /** Whether the request this thread handles is a write still counted in flight. */
    private static final ThreadLocal<Boolean> WRITING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final Stats stats;
    private final RateLimit rateLimit;
    private final ProjectRoutes projectRoutes;

    ApiHandler(BatchEmulator emulator, AudienceStore store, Faults faults, Stats stats, RateLimit rateLimit) {
        this.emulator = emulator;
        this.store = store;
        this.faults = faults;
        this.stats = stats;
        this.rateLimit = rateLimit;
        this.projectRoutes = new ProjectRoutes(emulator, store, stats);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        boolean projects = ProjectRoutes.matches(exchange.getRequestURI().getRawPath());
        if (!method.equals("GET")) {
            WRITING.set(Boolean.TRUE);
            stats.writeStarted();
        }
        try {
            long latency = emulator.latencyMs();
            BatchEmulator.Fault fault = faults.next();
            if (fault == BatchEmulator.Fault.LATENCY) {
                latency += BatchEmulator.FAULT_LATENCY_MS;
            }
            if (latency > 0) {
                TimeUnit.MILLISECONDS.sleep(latency);
            }
            if (!rateLimit.tryAcquire()) {
                fault = BatchEmulator.Fault.RATE_LIMITED;
            }
            if (fault == BatchEmulator.Fault.DROP_BEFORE_APPLY) {
                drop(exchange, method);
                return;
            }
            if (fault == BatchEmulator.Fault.RATE_LIMITED) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(emulator.retryAfterSeconds()));
                answer(exchange, method, 429, projects ? error("TOO_MANY_REQUESTS", "too many requests")
                        : error(0, "too many requests"));
                return;
            }
            if (fault == BatchEmulator.Fault.SERVER_ERROR) {
                throw ApiError.server("internal server error (injected)");
            }
            if (fault == BatchEmulator.Fault.MAINTENANCE) {
                throw ApiError.maintenance("the API is under maintenance (injected)");
            }
            Object body = projects ? projectRoutes.route(exchange, method) : route(exchange, method);
            if (fault == BatchEmulator.Fault.DROP_AFTER_APPLY) {
                drop(exchange, method);
                return;
            }
            answer(exchange, method, successStatus(method, projects), body);
        } catch (ApiError e) {
            answer(exchange, method, e.status, projects ? error(e.nameIn2x(), e.getMessage())
                    : error(e.code, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop(exchange, method);
        } catch (IOException | RuntimeException e) {
            answer(exchange, method, 500, projects ? error("SERVER_ERROR", "unexpected: " + e)
                    : error(1, "unexpected: " + e));
        } finally {
            writeEnded();
        }
    }

    /**
     * A write is over once its answer is decided, before it is sent: a client that has it may
     * send its next write at once, which must not be seen in flight beside this one.
     */
    private void writeEnded() {
        if (WRITING.get()) {
            WRITING.set(Boolean.FALSE);
            stats.writeEnded();
        }
    }

    /** 1.x answers a write 201; 2.x answers every POST 202. */
    private static int successStatus(String method, boolean projects) {
        if (projects) {
            return method.equals("POST") ? 202 : 200;
        }
        return method.equals("PATCH") || method.equals("PUT") ? 201 : 200;
    }

    /**
     * Counts the request, then answers it: counted first, so that a client that has its answer
     * finds it in the stats.
     */
    private void answer(HttpExchange exchange, String method, int status, Object body) throws IOException {
        writeEnded();
        stats.request(method, status);
        send(exchange, status, body);
    }

    /** Counts the request as dropped (status 0), then closes the connection with no answer. */
    private void drop(HttpExchange exchange, String method) {
        writeEnded();
        stats.request(method, 0);
        exchange.close();
    }


    private Object route(HttpExchange exchange, String method) throws IOException {
        String[] parts = exchange.getRequestURI().getRawPath().split("/", -1);
        // "", version, key, "custom-audience"[, name]
        if (parts.length < 4 || parts.length > 5 || !parts[3].equals("custom-audience")
            || !parts[1].equals("1.0") && !parts[1].equals("1.1")) {
            throw ApiError.notFound("no route " + method + " " + redacted(parts));
        }
        boolean v11 = parts[1].equals("1.1");
        String appKey = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
        String rest = exchange.getRequestHeaders().getFirst("X-Authorization");
        if (!emulator.acceptsAppKey(appKey) || rest == null || !rest.equals(emulator.restApiKey())) {
            throw ApiError.authentication("invalid API key or X-Authorization");
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (parts.length == 4 || parts[4].isEmpty()) {
            if (!method.equals("GET")) {
                throw ApiError.notFound("no route " + method + " on the audience list");
            }
            return list(appKey, query);
        }
        String name = parts[4];
        if (!name.matches("[A-Za-z0-9_-]{1,255}")) {
            throw ApiError.malformed("invalid custom audience name");
        }
        switch (method) {
            case "POST":
                create(exchange.getRequestBody(), appKey, name, v11);
                return Map.of();
            case "PATCH":
            case "PUT":
                return write(exchange, appKey, name, v11, method.equals("PUT"));
            case "GET":
                return store.view(appKey, name, query.get("indexing_token"));
            case "DELETE":
                store.delete(appKey, name);
                return Map.of();
            default:
                throw ApiError.notFound("no route " + method + " " + name);
        }
    }

    private static String redacted(String[] parts) {
        return parts.length > 2 ? "/" + parts[1] + "/…/" + String.join("/", Arrays.copyOfRange(parts, 3,
                                                                                                   parts.length))
                : String.join("/", parts);
    }

    private Object list(String appKey, Map<String, String> query) {
        int from = integer(query, "from", 0);
        int limit = integer(query, "limit", 10);
        if (from < 0 || limit < 1 || limit > 100) {
            throw ApiError.malformed("from must be at least 0 and limit between 1 and 100");
        }
        return Map.of("custom_audiences", store.list(appKey, from, limit));
    }

    static int integer(Map<String, String> query, String name, int otherwise) {
        String v = query.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.malformed(name + " must be an integer");
        }
    }

    private void create(InputStream in, String appKey, String name, boolean v11) throws IOException {
        JsonNode body;
        try {
            // Content after the object is malformed here as in a write's body (IdsBody).
            body = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(in);
        } catch (JsonProcessingException e) {
            throw ApiError.malformedJson("malformed JSON body: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.malformedJson("the body must be a JSON object");
        }
        JsonNode description = body.get("description");
        if (description != null && !description.isNull() && !description.isTextual()) {
            throw ApiError.malformed("description must be a string");
        }
        String type;
        if (v11) {
            type = "install_ids";
        } else {
            JsonNode t = body.get("type");
            if (t == null || t.isNull()) {
                throw ApiError.missing("missing parameter type");
            }
            if (!t.isTextual() || !ID_TYPES_10.contains(t.asText())) {
                throw ApiError.malformed("type must be custom_ids or advertising_ids");
            }
            type = t.asText();
        }
        store.create(appKey, name, type, description == null || description.isNull() ? "" : description.asText());
    }

    private Object write(HttpExchange exchange, String appKey, String name, boolean v11, boolean replace)
            throws IOException {
        if (replace && !v11) {
            throw ApiError.notFound("no route PUT in API 1.0: replace is 1.1 only");
        }
        AudienceStore.Audience audience = store.get(appKey, name);
        boolean installIds = audience.type.equals("install_ids");
        if (installIds != v11) {
            throw ApiError.malformed("custom audience " + name + " holds " + audience.type + ": use API "
                                     + (installIds ? "1.1" : "1.0"));
        }
        Predicate<String> strict = emulator.rejectedIds();
        IdsBody body = IdsBody.parse(exchange.getRequestBody(), v11 ? Rules.V1_1 : Rules.V1_0, replace, strict);
        if (!v11) {
            if (body.type == null) {
                throw ApiError.missing("missing parameter type");
            }
            if (!body.type.equals(audience.type)) {
                throw ApiError.malformed("type " + body.type + " is not the audience's type " + audience.type);
            }
        }
        String token = store.write(audience, body, replace, v11 ? Rules.V1_1 : Rules.V1_0);
        stats.idsAccepted(exchange.getRequestMethod(), body.elements.size());
        return Map.of("indexing_token", token);
    }

    /** An error as the Audiences API words it: {@code error_code} is a name. */
    static Map<String, Object> error(String name, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", name);
        body.put("error_message", message);
        return body;
    }

    static Map<String, Object> error(int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("error_message", message);
        return body;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        // Read what the client sent before answering, as servers do: answering an unread body
        // would make the JDK server drop the connection and the client see a spurious failure.
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
