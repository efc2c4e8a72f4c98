package io.github.batchaudience.internal.ordering;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.github.batchaudience.internal.batching.IndexingAwaiter;
import io.github.batchaudience.internal.client.ApiException;

/**
 * Keeps the writes of each audience in the order their exchanges were sent. Batch documents no
 * order of indexing: two writes of one audience accepted one after the other may be applied the
 * other way round, and the older values win. So a write of an audience takes its turn (exchanges
 * of the audience queue in arrival order), and sends nothing until every write of the audience
 * accepted before it is settled; the tokens it leaves are what the next turn waits for.
 *
 * <p>An audience is known by its key (base URL, app key, name): endpoints of one component that
 * write to one audience share its turns; other audiences never wait for it.
 */
public final class WriteOrder {
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    private static final class Lane {
        /** Fair: the exchange that asked first writes first. */
        final ReentrantLock turns = new ReentrantLock(true);
        /** Tokens accepted and not yet seen settled; guarded by {@link #turns}. */
        final Set<String> unsettled = new LinkedHashSet<>();
    }

    /** Waits for the audience's turn; the caller closes it when its writes are sent (or failed). */
    public Turn turn(String key) throws InterruptedException {
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        lane.turns.lockInterruptibly();
        return new Turn(lane);
    }

    /** One exchange's turn at an audience. */
    public static final class Turn implements AutoCloseable {
        private final Lane lane;

        private Turn(Lane lane) {
            this.lane = lane;
        }

        /**
         * Blocks until every write of the audience accepted earlier, in this JVM or named in
         * {@code earlier} (tokens kept elsewhere, for instance across a restart), is settled.
         * Throws, with nothing sent, when one is not settled in time or cannot be checked.
         */
        public void awaitEarlier(Collection<String> earlier, IndexingAwaiter awaiter)
                throws ApiException, InterruptedException, TimeoutException {
            if (earlier != null) {
                lane.unsettled.addAll(earlier);
            }
            for (Iterator<String> it = lane.unsettled.iterator(); it.hasNext();) {
                try {
                    awaiter.awaitSettled(it.next());
                } catch (ApiException e) {
                    if (e.isNotFound()) {
                        // The audience is gone (deleted on Batch's side), and its earlier writes with it.
                        lane.unsettled.clear();
                        return;
                    }
                    if (!e.isContentRefused()) {
                        throw e;
                    }
                    // Batch does not know the token (expired, or the audience deleted and created
                    // again since): no write of it is in progress to wait for.
                }
                it.remove();
            }
        }

        /** Tokens this turn's writes left unsettled (accepted, and not waited for): the next turn waits for them. */
        public void left(Collection<String> tokens) {
            lane.unsettled.addAll(tokens);
        }

        /** Tokens this turn saw settled itself. */
        public void settled(Collection<String> tokens) {
            lane.unsettled.removeAll(tokens);
        }

        @Override
        public void close() {
            lane.turns.unlock();
        }
    }
}
