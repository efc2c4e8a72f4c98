package io.github.batchaudience.integration.events.kafka;

import java.util.ArrayList;
import java.util.List;

/** The events of one audience in a poll, in the order of its partition. */
public final class AudienceBatch {
    private final String audience;
    private final List<String> events = new ArrayList<>();

    AudienceBatch(String audience) {
        this.audience = audience;
    }

    public String getAudience() {
        return audience;
    }

    public List<String> getEvents() {
        return events;
    }
}
