package io.github.batchaudience.internal.status;

import java.util.Locale;

/**
 * Reading an indexing state. The API documents IN_PROGRESS and APPLIED but other states exist
 * (IN_PROCESS, REPLACED): a token is settled when APPLIED, or REPLACED by a later write of the
 * same audience, which is applied after it; anything else is still to be waited for.
 */
public final class IndexingStates {
    public static final String APPLIED = "APPLIED";
    public static final String REPLACED = "REPLACED";

    private IndexingStates() {
    }

    public static boolean isSettled(String state) {
        if (state == null) {
            return false;
        }
        String s = state.trim().toUpperCase(Locale.ROOT);
        return s.equals(APPLIED) || s.equals(REPLACED);
    }
}
