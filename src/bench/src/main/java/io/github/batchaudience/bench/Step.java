package io.github.batchaudience.bench;

/** What the client JVM is asked to run: the contenders, sync being two steps. */
enum Step {
    UPDATE("a", "(a) component: file to batch-audience:update", "bench-update"),
    HANDWRITTEN("b", "(b) hand-written route: split, aggregate, marshal, http", "bench-handwritten"),
    BARE("c", "(c) bare loop: lines, Jackson generator, HttpClient", "bench-bare"),
    SYNC_FULL("d", "(d) component: first sync (no snapshot)", "bench-sync"),
    SYNC_DIFF("d", "(d) component: second sync, 1% changed", "bench-sync");

    final String contender;
    final String label;
    final String audience;

    Step(String contender, String label, String audience) {
        this.contender = contender;
        this.label = label;
        this.audience = audience;
    }
}
