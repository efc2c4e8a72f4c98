package io.github.batchaudience.emulator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Routes outside the Batch API, for tests and demos, never faulted: members of an audience as
 * JSON Lines sorted by ID, request statistics, and reset.
 */
final class AdminHandler implements HttpHandler {
    private final BatchEmulator emulator;

    AdminHandler(BatchEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("GET") && path.equals("/_emulator/stats")) {
                ApiHandler.send(exchange, 200, emulator.stats());
            } else if (method.equals("POST") && path.equals("/_emulator/reset")) {
                emulator.reset();
                ApiHandler.send(exchange, 200, Map.of());
            } else if (method.equals("GET") && path.startsWith("/_emulator/audiences/") && path.endsWith("/members")) {
                String name = path.substring("/_emulator/audiences/".length(), path.length() - "/members".length());
                members(exchange, name);
            } else {
                ApiHandler.send(exchange, 404, ApiHandler.error(20, "no admin route " + method + " " + path));
            }
        } catch (RuntimeException e) {
            ApiHandler.send(exchange, 500, ApiHandler.error(1, "unexpected: " + e));
        }
    }

    private void members(HttpExchange exchange, String name) throws IOException {
        String appKey = emulator.apiKey();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("api_key=")) {
                    appKey = URLDecoder.decode(pair.substring(8), StandardCharsets.UTF_8);
                } else if (pair.startsWith("project=")) {
                    appKey = ProjectRoutes.storeKey(URLDecoder.decode(pair.substring(8), StandardCharsets.UTF_8));
                }
            }
        }
        List<Map.Entry<String, byte[]>> members = emulator.store().members(appKey, name);
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
            for (Map.Entry<String, byte[]> m : members) {
                writeMember(out, m.getKey(), m.getValue());
            }
        }
    }

    /** {@code {"id":…,"attributes":{…},"tags":[…]}}, from the stored extras JSON. */
    private static void writeMember(OutputStream out, String id, byte[] extras) throws IOException {
        Map<?, ?> parsed = extras.length == 0 ? Map.of() : ApiHandler.JSON.readValue(extras, Map.class);
        JsonGenerator g = ApiHandler.JSON.getFactory().createGenerator(out);
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeObjectField("attributes", parsed.containsKey("attributes") ? parsed.get("attributes") : Map.of());
        g.writeObjectField("tags", parsed.containsKey("tags") ? parsed.get("tags") : List.of());
        g.writeEndObject();
        g.flush();
        out.write('\n');
    }
}
