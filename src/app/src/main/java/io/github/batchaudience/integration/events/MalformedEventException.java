package io.github.batchaudience.integration.events;

/**
 * A message of an event source (JMS or Kafka), or one of its events, that can never be applied as
 * it is: it goes to the dead-letter queue or topic with the reason.
 */
public class MalformedEventException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String audience;

    MalformedEventException(String kind, String audience, String reason) {
        super(reason);
        this.kind = kind;
        this.audience = audience;
    }

    /** {@code malformed} (the message) or {@code invalid} (one event of it). */
    public String getKind() {
        return kind;
    }

    /** The event's audience when it could be read, else null. */
    public String getAudience() {
        return audience;
    }
}
