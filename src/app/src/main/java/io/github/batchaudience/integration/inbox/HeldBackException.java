package io.github.batchaudience.integration.inbox;

/**
 * An inbox file taken in the same poll as an earlier file of its audience that has since failed
 * and waits for its retry: it must not overtake it, so it is left in its folder, with no attempt
 * recorded, and the retry filter hides it until the earlier one is through.
 */
public final class HeldBackException extends Exception {
    private static final long serialVersionUID = 1L;

    HeldBackException(String file) {
        super(file + " waits for an earlier file of its audience, to be retried first");
    }
}
