package io.github.batchaudience.internal.operation;

import java.util.Map;
import java.util.stream.Collectors;

import io.github.batchaudience.BatchAudienceResult;

/**
 * An operation on several apps that failed on some of them, after every app was tried: which,
 * and why (each app's failure as it would have been alone), with what was applied.
 */
public final class AppsFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, Exception> failures;
    private final transient BatchAudienceResult partial;

    AppsFailedException(int apps, Map<String, Exception> failures, BatchAudienceResult partial) {
        super(failures.size() + " of " + apps + " apps failed: " + failures.entrySet().stream()
                .map(f -> "app " + f.getKey() + ": " + messageOf(f.getValue())).collect(Collectors.joining("; ")),
              failures.values().iterator().next());
        this.failures = Map.copyOf(failures);
        this.partial = partial;
    }

    static String messageOf(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Each failed app's failure, by the app's label. */
    public Map<String, Exception> failures() {
        return failures;
    }

    /** What was applied (one entry per app), or null when nothing was sent. */
    public BatchAudienceResult partial() {
        return partial;
    }
}
