package io.github.batchaudience;

/** How a sync applied the input, as {@link BatchAudienceResult#getSyncMode()} reports it. */
public enum SyncMode {
    /** Only what changed since the last sync's snapshot was sent. */
    diff,
    /** The audience was replaced (or, for 1.0 audiences, deleted and created again) with the input; the result's syncReason says why. */
    replace
}
