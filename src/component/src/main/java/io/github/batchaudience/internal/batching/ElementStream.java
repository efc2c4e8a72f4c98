package io.github.batchaudience.internal.batching;

import java.io.IOException;

/** A pull stream of elements ready to send, in which each ID appears at most once. */
@FunctionalInterface
public interface ElementStream {
    /** The next element, or null at the end. */
    Element next() throws IOException;
}
