package io.github.batchaudience.emulator;

/** Which API's rules a write body is read by: the Custom Audience API 1.0 or 1.1, or the Audiences API 2.x. */
enum Rules {
    V1_0,
    V1_1,
    V2;

    boolean allowsAttributes() {
        return this != V1_0;
    }

    boolean allowsTags() {
        return this == V1_1;
    }

    /** In one request, 1.1 and 2.x apply an ID's actions in order; 1.0 removes an ID removed anywhere. */
    boolean lastActionWins() {
        return this != V1_0;
    }

    int maxString() {
        return this == V2 ? 300 : 64;
    }
}
