package io.github.batchaudience.integration.events.jms;

import java.util.List;

/**
 * How the events of one write to one batch make one row of {@code jms_event}: a row per event
 * cost H2 an index entry and an undo-log entry each, a fifth of the JMS consumer's time. A row
 * holds one event as it is, or several, each after its length, behind a first character no event
 * starts with (events are JSON objects; any text that does start with it is written as a group of one).
 */
final class EventRows {
    private static final char GROUP = '\u0001';

    private EventRows() {
    }

    /** The row of these events, in their order. */
    static String row(List<String> events) {
        if (events.size() == 1 && !isGroup(events.get(0))) {
            return events.get(0);
        }
        int size = 1;
        for (String event : events) {
            size += event.length() + 8;
        }
        StringBuilder row = new StringBuilder(size).append(GROUP);
        for (String event : events) {
            row.append(event.length()).append(':').append(event);
        }
        return row.toString();
    }

    /** Adds a row's events to {@code events}, in their order; a row written before groups existed is one event. */
    static void read(String row, List<String> events) {
        if (!isGroup(row)) {
            events.add(row);
            return;
        }
        int at = 1;
        while (at < row.length()) {
            int colon = row.indexOf(':', at);
            int length = colon < 0 ? -1 : length(row, at, colon);
            int end = colon + 1 + length;
            if (length < 0 || end > row.length()) {
                throw new IllegalStateException("a row is cut short at character " + at);
            }
            events.add(row.substring(colon + 1, end));
            at = end;
        }
    }

    private static int length(String row, int from, int to) {
        try {
            return Integer.parseInt(row, from, to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isGroup(String text) {
        return !text.isEmpty() && text.charAt(0) == GROUP;
    }
}
