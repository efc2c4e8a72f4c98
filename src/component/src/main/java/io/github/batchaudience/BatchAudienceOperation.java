package io.github.batchaudience;

/** The Custom Audience API operations, as the first part of the endpoint path. */
public enum BatchAudienceOperation {
    create,
    update,
    replace,
    sync,
    view,
    list,
    delete
}
