package io.github.batchaudience.integration;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.BatchAudienceRules;

/**
 * An inbox file's name, {@code AUDIENCE.OPERATION[.ANYTHING].(csv|jsonl)[.gz]}: which audience
 * the file is applied to and how. A sync whose ANYTHING starts with {@code full}
 * ({@code vip-users.sync.full.2026-11-22.csv}) replaces the audience instead of sending the
 * difference from its last snapshot.
 */
public final class InboxFileName {
    private static final Pattern SHAPE = Pattern.compile("([^.]*)\\.([^.]*)(\\..*)?\\.(csv|jsonl)(\\.gz)?");
    private static final String FULL = "full";

    private final String audience;
    private final BatchAudienceOperation operation;
    private final boolean full;

    private InboxFileName(String audience, BatchAudienceOperation operation, boolean full) {
        this.audience = audience;
        this.operation = operation;
        this.full = full;
    }

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with its name
     */
    public static InboxFileName parse(String fileName) {
        Matcher m = SHAPE.matcher(fileName.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(fileName + ": the name must be AUDIENCE.OPERATION[.ANYTHING].(csv|jsonl)[.gz],"
                                               + " e.g. vip-users.update.csv");
        }
        String audience = fileName.substring(0, m.end(1));
        String operation = m.group(2);
        if (!operation.equals("update") && !operation.equals("replace") && !operation.equals("sync")) {
            throw new IllegalArgumentException(fileName + ": '" + fileName.substring(m.start(2), m.end(2))
                                               + "' is not an inbox operation (update, replace or sync)");
        }
        String badName = BatchAudienceRules.audienceNameProblem(audience);
        if (badName != null) {
            throw new IllegalArgumentException(fileName + ": " + badName);
        }
        String anything = m.group(3) == null ? "" : m.group(3).substring(1);
        boolean full = operation.equals("sync") && (anything.equals(FULL) || anything.startsWith(FULL + "."));
        return new InboxFileName(audience, BatchAudienceOperation.valueOf(operation), full);
    }

    public String audience() {
        return audience;
    }

    public BatchAudienceOperation operation() {
        return operation;
    }

    /** A sync named {@code AUDIENCE.sync.full…}: replace, whatever the snapshot says. */
    public boolean isFull() {
        return full;
    }
}
