package io.github.batchaudience;

/**
 * The body could not be read as input (malformed CSV or JSON, a corrupt gzip stream, a line too
 * long), or, with {@code invalidRows=fail}, it held an invalid row: nothing of it is sent from
 * that point. It names the source (the file name, or "message body"), the line and the reason.
 * Never transient: the same input fails the same way.
 */
public class BatchAudienceInputException extends BatchAudienceException {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final long line;
    private final String reason;

    BatchAudienceInputException(String operation, String audience, String message, String sourceName, long line,
                                String reason, Throwable cause, BatchAudienceResult partialResult) {
        super(operation, audience, message, false, cause, partialResult);
        this.sourceName = sourceName;
        this.line = line;
        this.reason = reason;
    }

    /** What the input is called in messages: the file name, or "message body". */
    public String getSourceName() {
        return sourceName;
    }

    /** The line (or element) at fault, 1-based, or 0 when it is not known. */
    public long getLine() {
        return line;
    }

    /** Why the input was refused, without the source and line. */
    public String getReason() {
        return reason;
    }
}
