package io.github.batchaudience.batching;

import java.nio.charset.StandardCharsets;

import io.github.batchaudience.model.Action;

/** One validated element ready to send: its ID, action, source line and serialised members. */
public final class Element {
    private static final byte[] ADD = "{\"action\":\"add\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REMOVE = "{\"action\":\"remove\",".getBytes(StandardCharsets.US_ASCII);

    final String id;
    final Action action;
    final long line;
    final byte[] members;

    Element(String id, Action action, long line, byte[] members) {
        this.id = id;
        this.action = action;
        this.line = line;
        this.members = members;
    }

    /** An element from its parts; {@code members} is the JSON object's content without braces. */
    public static Element of(String id, Action action, long line, byte[] members) {
        return new Element(id, action, line, members);
    }

    /** The same element with another action (sync sends departed IDs as removes). */
    public Element as(Action newAction) {
        return newAction == action ? this : new Element(id, newAction, line, members);
    }

    public String id() {
        return id;
    }

    public Action action() {
        return action;
    }

    public long line() {
        return line;
    }

    /** The serialised members, shared: callers must not change the array. */
    public byte[] members() {
        return members;
    }

    /** The element's size in a request body (without the separating comma). */
    int size(boolean withAction) {
        return members.length + 2 + (withAction ? (action == Action.ADD ? ADD.length : REMOVE.length) - 1 : 0);
    }

    void writeTo(ByteSink out, boolean withAction) {
        if (withAction) {
            out.write(action == Action.ADD ? ADD : REMOVE);
        } else {
            out.write('{');
        }
        out.write(members);
        out.write('}');
    }
}
