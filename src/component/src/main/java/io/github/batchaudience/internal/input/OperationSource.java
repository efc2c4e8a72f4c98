package io.github.batchaudience.internal.input;

import java.io.Closeable;
import java.io.IOException;

/**
 * A pull stream of rows. A bad row comes back as a rejected {@link InputRow} and reading goes
 * on; {@link InputException} is thrown only when the input as a whole cannot be read further.
 */
public interface OperationSource extends Closeable {
    /** The next row, or null at the end. */
    InputRow next() throws IOException;

    /** What error messages call this input (a file name, or "message body"). */
    String sourceName();
}
