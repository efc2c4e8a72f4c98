package io.github.batchaudience;

/**
 * maxRequestsPerSecond and parallelRequests held by several JVMs together: Batch limits an
 * account (an app's key or a project's), not a process, so the replicas of an application writing
 * to one account must share its limits. Within a JVM, every endpoint of a component already
 * shares them per account; set an implementation as the {@code sharedLimits} option and each
 * request also waits for its turn here, and each write for a slot. The integration offers one on
 * its PostgreSQL state.
 *
 * <p>An implementation should not fail a request for its own faults: when the place it keeps the
 * limits in cannot be reached, it lets the request go (each JVM then holds the limits on its own)
 * and says so.
 */
public interface SharedLimits {
    /**
     * Blocks until one more request to the account may start without the JVMs that share this
     * starting more than {@code perSecond} requests a second together.
     *
     * @param account   a stable name of the Batch account that holds no key: a digest of the
     *                  base URL and the key
     * @param perSecond the rate, more than 0
     */
    void awaitTurn(String account, double perSecond) throws InterruptedException;

    /**
     * Blocks until fewer than {@code slots} writes to the account are in flight in the JVMs that
     * share this, and takes one: the write holds it until it closes the slot.
     *
     * @param account as for {@link #awaitTurn}
     * @param slots   how many writes may be in flight together, at least 1
     */
    Slot writeSlot(String account, int slots) throws InterruptedException;

    /** A write slot, given back by {@link #close()}; the JVM's death gives it back too. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
