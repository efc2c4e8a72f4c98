package io.github.batchaudience.bench;

/** What the client JVM is asked to run: the contenders, sync being two steps. */
enum Step {
    UPDATE("a", "(a) component: file to batch-audience:update", "bench-update"),
    HANDWRITTEN("b", "(b) hand-written route: split, aggregate, marshal, http", "bench-handwritten"),
    BARE("c", "(c) bare loop: lines, Jackson generator, HttpClient", "bench-bare"),
    SYNC_FULL("d", "(d) component: first sync (no snapshot)", "bench-sync"),
    SYNC_DIFF("d", "(d) component: second sync, 1% changed", "bench-sync"),
    UPDATE_2X("e", "(e) component, Audiences API 2.x: file to update", "bench-update-2x"),
    SYNC_FULL_2X("f", "(f) component, Audiences API 2.x: first sync", "bench-sync-2x"),
    SYNC_DIFF_2X("f", "(f) component, Audiences API 2.x: second sync, 1% changed", "bench-sync-2x");

    final String contender;
    final String label;
    final String audience;

    Step(String contender, String label, String audience) {
        this.contender = contender;
        this.label = label;
        this.audience = audience;
    }

    /** Whether the step writes a project's audience (the Audiences API 2.x) rather than an app's. */
    boolean project() {
        return this == UPDATE_2X || this == SYNC_FULL_2X || this == SYNC_DIFF_2X;
    }

    /** The second sync of a pair: it reads the changed input and keeps the first one's audience. */
    boolean secondSync() {
        return this == SYNC_DIFF || this == SYNC_DIFF_2X;
    }

    boolean firstSync() {
        return this == SYNC_FULL || this == SYNC_FULL_2X;
    }
}
