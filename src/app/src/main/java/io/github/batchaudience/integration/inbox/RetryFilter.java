package io.github.batchaudience.integration.inbox;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.batchaudience.integration.CappedBackoff;
import io.github.batchaudience.integration.state.StateBackend;
import io.github.batchaudience.integration.state.StateRecords;
import io.github.batchaudience.integration.state.StateSetup;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a file whose last attempt failed for a passing reason (the API unreachable, 5xx after
 * every retry) in its folder, and out of the consumer's sight until its next attempt is due:
 * the delay doubles with each failure, up to a ceiling.
 *
 * <p>Files of one audience are applied in {@link InboxFileName#ORDER} (a dated delta must not
 * overtake the one before it), so while a file waits, the files of its audience that come after
 * it wait too; a file already applied that only waits to be moved holds back none.
 */
public class RetryFilter<T> implements GenericFileFilter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(RetryFilter.class);

    private final Map<String, Attempts> waiting = new ConcurrentHashMap<>();
    /** Shared state: the attempts are there too, for whichever instance polls the inbox next. */
    private StateRecords shared;
    private final CappedBackoff backoff = new CappedBackoff(10_000, 600_000);

    /**
     * @param holdsBack false for a file waiting to be moved, already applied: it holds back no
     *                  later file of its audience
     */
    record Attempts(int failures, long dueAt, boolean holdsBack) {
    }

    /**
     * The attempts as the instance polling now must see them: its own, or with shared state
     * those every instance recorded (a new leader waits out the backoff of the dead one's files).
     */
    private Map<String, Attempts> waiting() {
        if (shared == null) {
            return waiting;
        }
        try {
            return shared.all(Attempts.class);
        } catch (IOException e) {
            // The filter cannot throw: without the shared attempts, this instance's own.
            LOG.warn("Inbox retries: the shared attempts could not be read ({}); this instance's own are used", e.getMessage());
            return waiting;
        }
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        if (file.isDirectory()) {
            return true;
        }
        String name = file.getFileName();
        Map<String, Attempts> waiting = waiting();
        Attempts attempts = waiting.get(name);
        if (attempts != null) {
            return System.currentTimeMillis() >= attempts.dueAt;
        }
        return !heldBack(file, waiting);
    }

    /**
     * Whether an earlier file of its audience waits for its retry: the file was taken in the
     * same poll as that one, before it failed, and must wait with it.
     */
    public boolean isHeldBack(GenericFile<?> file) {
        Map<String, Attempts> waiting = waiting();
        return !waiting.containsKey(file.getFileName()) && heldBack(file, waiting);
    }

    private static boolean heldBack(GenericFile<?> file, Map<String, Attempts> waiting) {
        String name = file.getFileName();
        String audience = InboxFileName.audienceOf(name);
        for (Map.Entry<String, Attempts> earlier : waiting.entrySet()) {
            String other = earlier.getKey();
            if (earlier.getValue().holdsBack && InboxFileName.ORDER.compare(other, name) < 0
                && InboxFileName.audienceOf(other).equals(audience)
                && stillThere(file, other)) {
                return true;
            }
        }
        return false;
    }

    /** A waiting local file someone has since taken out of the folder no longer holds the others back. */
    private static boolean stillThere(GenericFile<?> file, String earlier) {
        if (!(file.getFile() instanceof File)) {
            return true;
        }
        File sibling = new File(((File) file.getFile()).getParentFile(), earlier);
        return sibling.exists();
    }

    /** Records a failed attempt; returns the milliseconds until the next one. */
    public long failed(String file) throws IOException {
        return backOff(file, true).dueAt - System.currentTimeMillis();
    }

    /**
     * Records a file already applied (or failed for good) that could not be moved: it is hidden
     * until its next attempt to be moved, without holding back the others. Returns how many
     * times it was found so.
     */
    public int stuck(String file) throws IOException {
        return backOff(file, false).failures;
    }

    /** Whether the file was found settled but not moved (it will not be sent again). */
    public boolean isStuck(String file) {
        Attempts attempts = waiting().get(file);
        return attempts != null && !attempts.holdsBack;
    }

    private Attempts backOff(String file, boolean holdsBack) throws IOException {
        Attempts before = waiting().get(file);
        int failures = before == null || before.holdsBack != holdsBack ? 1 : before.failures + 1;
        Attempts attempts = new Attempts(failures, System.currentTimeMillis() + backoff.delay(failures), holdsBack);
        waiting.put(file, attempts);
        if (shared != null) {
            shared.put(file, attempts);
        }
        return attempts;
    }

    public void succeeded(String file) throws IOException {
        waiting.remove(file);
        if (shared != null) {
            shared.remove(file);
        }
    }

    /** With shared state ({@link StateSetup}), the attempts are kept there; else in memory. */
    public void setState(StateBackend state) {
        this.shared = state.dataSource() == null ? null : state.records("retry");
    }

    /** Milliseconds before the first new attempt. */
    public void setDelay(long delay) {
        backoff.setFirst(delay);
    }

    /** The longest wait between two attempts (milliseconds). */
    public void setMaxDelay(long maxDelay) {
        backoff.setMax(maxDelay);
    }
}
