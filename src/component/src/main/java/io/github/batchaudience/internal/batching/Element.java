package io.github.batchaudience.internal.batching;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.batchaudience.internal.support.ByteSink;
import io.github.batchaudience.model.Action;

/**
 * One validated element ready to send: its ID, action, source line and serialised members. The
 * members may be a slice of a larger array (the spool's decoded partition), so that reading a
 * partition back does not copy each element out of it.
 */
public final class Element {
    private static final byte[] ADD = "{\"action\":\"add\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REMOVE = "{\"action\":\"remove\",".getBytes(StandardCharsets.US_ASCII);

    final String id;
    final Action action;
    final long line;
    private final byte[] data;
    private final int offset;
    private final int length;

    Element(String id, Action action, long line, byte[] data, int offset, int length) {
        this.id = id;
        this.action = action;
        this.line = line;
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    /** An element from its parts; {@code members} is the JSON object's content without braces. */
    public static Element of(String id, Action action, long line, byte[] members) {
        return new Element(id, action, line, members, 0, members.length);
    }

    /** The same element with another action (sync sends departed IDs as removes). */
    public Element as(Action newAction) {
        return newAction == action ? this : new Element(id, newAction, line, data, offset, length);
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

    /** The serialised members, possibly shared: callers must not change the array. */
    public byte[] members() {
        return offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length);
    }

    /** The element's size in a request body (without the separating comma). */
    int size(boolean withAction) {
        return length + 2 + (withAction ? (action == Action.ADD ? ADD.length : REMOVE.length) - 1 : 0);
    }

    void writeTo(ByteSink out, boolean withAction) {
        if (withAction) {
            out.write(action == Action.ADD ? ADD : REMOVE);
        } else {
            out.write('{');
        }
        out.write(data, offset, length);
        out.write('}');
    }
}
