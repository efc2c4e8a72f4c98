package io.github.batchaudience.integration;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Keeps a file whose last attempt failed for a passing reason (the API unreachable, 5xx after
 * every retry) in its folder, and out of the consumer's sight until its next attempt is due:
 * the delay doubles with each failure, up to a ceiling.
 *
 * <p>Files of one audience are applied in name order (a dated delta must not overtake the one
 * before it), so while a file waits, the files of its audience that sort after it wait too; a
 * file already applied that only waits to be moved holds back none.
 */
public class RetryFilter<T> implements GenericFileFilter<T> {
    private final Map<String, Attempts> waiting = new ConcurrentHashMap<>();
    private long delay = 10_000;
    private long maxDelay = 600_000;

    private static final class Attempts {
        final int failures;
        final long dueAt;
        /** A file waiting to be moved, already applied, holds back no later file of its audience. */
        final boolean holdsBack;

        Attempts(int failures, long dueAt, boolean holdsBack) {
            this.failures = failures;
            this.dueAt = dueAt;
            this.holdsBack = holdsBack;
        }
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        if (file.isDirectory()) {
            return true;
        }
        String name = file.getFileName();
        Attempts attempts = waiting.get(name);
        if (attempts != null) {
            return System.currentTimeMillis() >= attempts.dueAt;
        }
        String audience = audienceOf(name);
        for (Map.Entry<String, Attempts> earlier : waiting.entrySet()) {
            String other = earlier.getKey();
            if (earlier.getValue().holdsBack && other.compareTo(name) < 0 && audienceOf(other).equals(audience)
                && stillThere(file, other)) {
                return false;
            }
        }
        return true;
    }

    private static String audienceOf(String file) {
        int dot = file.indexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
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
    public long failed(String file) {
        return backOff(file, true).dueAt - System.currentTimeMillis();
    }

    /**
     * Records a file already applied (or failed for good) that could not be moved: it is hidden
     * until its next attempt to be moved, without holding back the others. Returns how many
     * times it was found so.
     */
    public int stuck(String file) {
        return backOff(file, false).failures;
    }

    /** Whether the file was found settled but not moved (it will not be sent again). */
    public boolean isStuck(String file) {
        Attempts attempts = waiting.get(file);
        return attempts != null && !attempts.holdsBack;
    }

    private Attempts backOff(String file, boolean holdsBack) {
        return waiting.compute(file, (name, before) -> {
            int failures = before == null || before.holdsBack != holdsBack ? 1 : before.failures + 1;
            long wait = Math.min(maxDelay, delay << Math.min(20, failures - 1));
            return new Attempts(failures, System.currentTimeMillis() + wait, holdsBack);
        });
    }

    public void succeeded(String file) {
        waiting.remove(file);
    }

    public long getDelay() {
        return delay;
    }

    /** Milliseconds before the first new attempt. */
    public void setDelay(long delay) {
        this.delay = delay;
    }

    public long getMaxDelay() {
        return maxDelay;
    }

    public void setMaxDelay(long maxDelay) {
        this.maxDelay = maxDelay;
    }
}
