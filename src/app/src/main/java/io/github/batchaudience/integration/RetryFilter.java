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
 * before it), so while a file waits, the files of its audience that sort after it wait too.
 */
public class RetryFilter<T> implements GenericFileFilter<T> {
    private final Map<String, Attempts> waiting = new ConcurrentHashMap<>();
    private long delay = 10_000;
    private long maxDelay = 600_000;

    private static final class Attempts {
        final int failures;
        final long dueAt;

        Attempts(int failures, long dueAt) {
            this.failures = failures;
            this.dueAt = dueAt;
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
        for (String earlier : waiting.keySet()) {
            if (earlier.compareTo(name) < 0 && audienceOf(earlier).equals(audience) && stillThere(file, earlier)) {
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
        Attempts next = waiting.compute(file, (name, before) -> {
            int failures = before == null ? 1 : before.failures + 1;
            long wait = Math.min(maxDelay, delay << Math.min(20, failures - 1));
            return new Attempts(failures, System.currentTimeMillis() + wait);
        });
        return next.dueAt - System.currentTimeMillis();
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
