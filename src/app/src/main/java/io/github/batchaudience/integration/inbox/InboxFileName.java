package io.github.batchaudience.integration.inbox;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
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
final class InboxFileName {
    /**
     * The order in which inbox files are applied: by their stamp (what follows the operation,
     * {@code full.} of a full sync left out), then by whole name. So the files of an audience
     * follow their stamps whatever their operations: {@code vip.update.2026-12-01.csv} before
     * {@code vip.sync.2026-12-02.csv}. A name that does not parse has no stamp.
     */
    static final Comparator<String> ORDER = order(InboxFileName::stamp);

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

    /** {@link #ORDER}, with the stamps of the names given by this function (a cache of {@link #stamp}). */
    static Comparator<String> order(Function<String, String> stamps) {
        return Comparator.comparing(stamps).thenComparing(Comparator.naturalOrder());
    }

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with its name
     */
    static InboxFileName parse(String fileName) {
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(BatchAudienceRules.printable(fileName) + ": control character "
                                                   + String.format("U+%04X", (int) c) + " at position " + (i + 1)
                                                   + " (inbox file names are printable text)");
            }
        }
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

    /** What follows the operation, up to the extension; empty when nothing does or the name does not parse. */
    static String stamp(String fileName) {
        Matcher m = SHAPE.matcher(fileName.toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(3) == null) {
            return "";
        }
        String anything = fileName.substring(m.start(3) + 1, m.end(3));
        boolean fullSync = m.group(2).equals("sync") && anything.toLowerCase(Locale.ROOT).startsWith(FULL);
        if (fullSync) {
            anything = anything.length() == FULL.length() ? "" : anything.substring(FULL.length() + 1);
        }
        return anything;
    }

    /** The audience a file name starts with (what precedes its first dot). */
    static String audienceOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    String audience() {
        return audience;
    }

    BatchAudienceOperation operation() {
        return operation;
    }

    /** A sync named {@code AUDIENCE.sync.full…}: replace, whatever the snapshot says. */
    boolean isFull() {
        return full;
    }
}
