package io.github.batchaudience.internal.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one ObjectMapper of the input package, and how its errors are shown in a report. */
final class JsonSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSupport() {
    }

    /** Jackson's reason without its location and source excerpt, which would repeat the row. */
    static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "invalid JSON";
        }
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return "invalid JSON: " + (first.length() > 160 ? first.substring(0, 160) + "…" : first);
    }
}
