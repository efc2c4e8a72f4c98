package io.github.batchaudience.internal.batching;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.model.RejectedRow;

/**
 * Sends a request's elements so that one refused element costs only itself. A request the API
 * refuses as a whole although every element passed local checks (HTTP 400) is split in halves,
 * and the halves sent in order, down to single elements: those the API still refuses are
 * reported in the tally as rejected rows, the others applied. Any other failure is thrown.
 */
final class RefusalBisection {
    private final Deque<List<Element>> parts = new ArrayDeque<>();
    private final RequestShape shape;
    private final WriteTally tally;
    private String lastToken;

    RefusalBisection(List<Element> elements, RequestShape shape, WriteTally tally) {
        parts.push(elements);
        this.shape = shape;
        this.tally = tally;
    }

    /** Sends every part with the same sender. */
    void sendAll(ChunkSender sender) throws ApiException, InterruptedException {
        while (sendNext(sender)) {
            // Every accepted part counts in the tally; the loop only goes on to the next one.
        }
    }

    /**
     * Sends parts, splitting refused ones, until one is accepted.
     *
     * @return true when a part was accepted (its token is in the tally), false when none is left
     */
    boolean sendNext(ChunkSender sender) throws ApiException, InterruptedException {
        while (!parts.isEmpty()) {
            List<Element> part = parts.pop();
            if (part.isEmpty()) {
                continue;
            }
            try {
                String token = sender.send(shape.body(part));
                tally.accepted(part, token);
                lastToken = token;
                return true;
            } catch (ApiException e) {
                if (!e.isContentRefused()) {
                    throw e;
                }
                if (part.size() == 1) {
                    Element only = part.get(0);
                    tally.rejected(new RejectedRow(only.line, only.id, "refused by the API: " + e.getMessage()));
                } else {
                    int half = part.size() / 2;
                    parts.push(part.subList(half, part.size()));
                    parts.push(part.subList(0, half));
                }
            }
        }
        return false;
    }

    /** The token of the part {@link #sendNext} last saw accepted (null in a dry run). */
    String lastToken() {
        return lastToken;
    }

    /** The parts not sent yet, in order. */
    Deque<List<Element>> remaining() {
        return parts;
    }
}
