package io.github.batchaudience.internal.input;

import java.io.IOException;

/** The input as a whole cannot be read (further): its message names the source, the line and why. */
public final class InputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final long line;
    private final String reason;

    public InputException(String sourceName, long line, String reason) {
        this(sourceName, line, reason, null);
    }

    public InputException(String sourceName, long line, String reason, Throwable cause) {
        super(sourceName + (line > 0 ? ", line " + line : "") + ": " + reason, cause);
        this.sourceName = sourceName;
        this.line = line;
        this.reason = reason;
    }

    public String sourceName() {
        return sourceName;
    }

    /** The line where reading stopped, or 0 when it is not known. */
    public long line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
