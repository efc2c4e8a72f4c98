package io.github.batchaudience.integration.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON of state records, in files and rows alike: indented, as state files have always been written. */
final class StateJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StateJson() {
    }
}
