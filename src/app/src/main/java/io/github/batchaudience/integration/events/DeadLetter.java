package io.github.batchaudience.integration.events;

import org.apache.camel.Message;

/**
 * An event that can never be applied as it is, on its way to the dead-letter queue or topic: its
 * text, why, and (when known) its audience and where it came from. The reason travels in headers.
 */
public final class DeadLetter {
    /** Header: why the message is there. */
    public static final String REASON = "BatchAudienceDlqReason";
    /** Header: {@code malformed} (the message), {@code invalid} (an event of it),
     *  {@code rejected} (refused at send time) or {@code failed} (its batch failed permanently). */
    public static final String KIND = "BatchAudienceDlqKind";
    /** Header: the event's audience, when it could be read. */
    public static final String AUDIENCE = "BatchAudienceDlqAudience";
    public static final String MALFORMED = "malformed";
    public static final String INVALID = "invalid";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";

    private final String event;
    private final String kind;
    private final String reason;
    private final String audience;
    private final String origin;
    private final Object originKey;

    DeadLetter(String event, String kind, String reason, String audience) {
        this(event, kind, reason, audience, null, null);
    }

    public DeadLetter(String event, String kind, String reason, String audience, String origin, Object originKey) {
        this.event = event;
        this.kind = kind;
        this.reason = reason;
        this.audience = audience;
        this.origin = origin;
        this.originKey = originKey;
    }

    /**
     * Sets the dead letter's text as the body and its reason, kind and audience as headers; a
     * message that is not a dead letter (a malformed one, its headers set already) is left as it is.
     */
    public static void toMessage(Message in) {
        if (in.getBody() instanceof DeadLetter letter) {
            in.setBody(letter.getEvent());
            in.setHeader(REASON, letter.getReason());
            in.setHeader(KIND, letter.getKind());
            if (letter.getAudience() != null) {
                in.setHeader(AUDIENCE, letter.getAudience());
            }
        }
    }

    public String getEvent() {
        return event;
    }

    public String getKind() {
        return kind;
    }

    public String getReason() {
        return reason;
    }

    public String getAudience() {
        return audience;
    }

    /** Where the event came from (a Kafka record's topic-partition@offset), or null. */
    public String getOrigin() {
        return origin;
    }

    /** The key of the message it came in (a Kafka record's key), or null. */
    public Object getOriginKey() {
        return originKey;
    }
}
