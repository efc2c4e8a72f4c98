package io.github.batchaudience;

import java.io.IOException;
import java.util.Map;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.internal.input.InputRow;
import io.github.batchaudience.internal.input.OperationSource;
import io.github.batchaudience.internal.input.OperationSources;
import io.github.batchaudience.internal.status.IndexingStates;
import io.github.batchaudience.internal.support.Printable;
import io.github.batchaudience.internal.validation.AudienceNames;
import io.github.batchaudience.internal.validation.OperationValidator;
import io.github.batchaudience.model.IdType;

/**
 * The API's rules, checked exactly as the producer checks them, for routes that want to refuse
 * bad input before it reaches an endpoint (a message to a dead-letter queue rather than a
 * rejected row later, say).
 */
public final class BatchAudienceRules {
    private BatchAudienceRules() {
    }

    /**
     * The text with its control characters (and Unicode line and paragraph separators) escaped
     * as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}: a value read from outside
     * (a file name, an audience name, an ID) put in a log line or a table cannot forge a line.
     */
    public static String printable(String text) {
        return Printable.of(text);
    }

    /**
     * Why an audience name would be refused ({@code [A-Za-z0-9_-]{1,255}}, case-sensitive), or
     * null when it is valid.
     */
    public static String audienceNameProblem(String name) {
        try {
            AudienceNames.check(name);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Why one element shaped like an element of the API's {@code ids} (keys {@code id},
     * {@code action}, {@code attributes}, {@code tags}) would be rejected for an audience of
     * this ID type, or null when the producer would send it. Advertising IDs are normalised
     * (trimmed, lower-cased) before they are checked, as the producer does.
     */
    public static String elementProblem(Map<String, ?> element, IdType idType) {
        return elementProblem(element, new OperationValidator(idType));
    }

    /**
     * Why one element shaped like an element of the Audiences API's {@code ids} (keys {@code id},
     * {@code action}, {@code attributes}) would be rejected for a project's audience, or null
     * when the producer would send it: custom IDs, no tags, arrays of strings among the values.
     */
    public static String projectElementProblem(Map<String, ?> element) {
        return elementProblem(element, new OperationValidator(IdType.custom_ids, ApiDialect.AUDIENCES_2));
    }

    private static String elementProblem(Map<String, ?> element, OperationValidator validator) {
        InputRow row;
        try (OperationSource source = OperationSources.open(element, null, "element")) {
            row = source.next();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (row == null) {
            return "no element";
        }
        if (row.reason() != null) {
            return row.reason();
        }
        return validator.check(validator.normalize(row.operation()));
    }

    /**
     * Whether an indexing state means the write is applied: {@code APPLIED}, or {@code REPLACED}
     * by a later write of the same audience. Unknown states ({@code IN_PROCESS}…) are not.
     */
    public static boolean isIndexingSettled(String state) {
        return IndexingStates.isSettled(state);
    }
}
