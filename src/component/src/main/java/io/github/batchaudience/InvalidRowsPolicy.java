package io.github.batchaudience;

/** What the producer does with a row that fails local validation. */
public enum InvalidRowsPolicy {
    /** Leave the row out, report it in the result, and send the valid rows. */
    reject,
    /** Fail the exchange before anything is sent. */
    fail
}
