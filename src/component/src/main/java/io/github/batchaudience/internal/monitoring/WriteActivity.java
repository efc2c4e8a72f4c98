package io.github.batchaudience.internal.monitoring;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.BatchAudienceResult;

/**
 * What a component's producers have done lately, for the dev console and the pending-tokens
 * gauge: the last writes (syncs included) and the indexing tokens not yet seen applied.
 *
 * <p>A token stops being pending when this component sees it {@code APPLIED}: a write that
 * waited for indexing, or a {@code view} with that token (the integration's status route asks
 * for every token). Both lists are bounded, so a route that never asks does not grow memory.
 */
public final class WriteActivity {
    static final int RECENT = 20;
    static final int MAX_PENDING = 10_000;

    private final Deque<Write> recent = new ArrayDeque<>();
    private final Map<String, PendingToken> pending = new LinkedHashMap<>();

    /** One finished (or failed) write. */
    public static final class Write {
        private final Instant at;
        private final BatchAudienceResult result;
        private final String failure;

        Write(Instant at, BatchAudienceResult result, String failure) {
            this.at = at;
            this.result = result;
            this.failure = failure;
        }

        public Instant at() {
            return at;
        }

        public BatchAudienceResult result() {
            return result;
        }

        /** Why the write failed, or null. */
        public String failure() {
            return failure;
        }
    }

    /** A token a write returned that this component has not seen applied yet. */
    public static final class PendingToken {
        private final String token;
        private final String audience;
        private final String operation;
        private final Instant since;

        PendingToken(String token, String audience, String operation, Instant since) {
            this.token = token;
            this.audience = audience;
            this.operation = operation;
            this.since = since;
        }

        public String token() {
            return token;
        }

        public String audience() {
            return audience;
        }

        public String operation() {
            return operation;
        }

        public Instant since() {
            return since;
        }
    }

    /** A write's outcome; {@code failure} is null when it succeeded. */
    public synchronized void record(BatchAudienceResult result, String failure) {
        Instant now = Instant.now();
        recent.addFirst(new Write(now, result, failure));
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
        if ("APPLIED".equals(result.getIndexingState()) || result.isDryRun()) {
            return;
        }
        for (String token : result.getTokens()) {
            pending.put(token, new PendingToken(token, result.getAudience(), result.getOperation().name(), now));
        }
        Iterator<String> oldest = pending.keySet().iterator();
        while (pending.size() > MAX_PENDING && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** What a view said of a token. */
    public synchronized void indexingState(String token, String state) {
        if ("APPLIED".equals(state)) {
            pending.remove(token);
        }
    }

    public synchronized List<Write> recent() {
        return new ArrayList<>(recent);
    }

    public synchronized List<PendingToken> pending() {
        return new ArrayList<>(pending.values());
    }

    public synchronized long pendingCount(String audience, String operation) {
        return pending.values().stream()
                .filter(p -> p.audience().equals(audience) && p.operation().equals(operation)).count();
    }
}
