package io.github.batchaudience.internal.batching;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.internal.validation.OperationValidator;
import io.github.batchaudience.model.IdType;

/**
 * The audience a write goes to, with what its API asks of the write: the request envelopes, how
 * an ID given twice resolves, and the rules an element must pass.
 */
public record WriteTarget(String audience, IdType idType, ApiDialect dialect) {

    public RequestShape updateShape() {
        return RequestShape.update(dialect, idType, audience);
    }

    public RequestShape replaceShape() {
        return RequestShape.replace(dialect, audience);
    }

    public DuplicateRule duplicateRule() {
        return DuplicateRule.of(dialect);
    }

    /** A new validator for each write: one serves one thread. */
    public OperationValidator validator() {
        return new OperationValidator(idType, dialect);
    }
}
