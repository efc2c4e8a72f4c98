package io.github.batchaudience.internal.client;

import io.github.batchaudience.model.IdType;

/**
 * What differs between the API versions an audience can live in: the request envelope, how an ID
 * given twice in one request resolves, and what an element may carry. The Custom Audience API
 * has two (1.0 for custom and advertising IDs, 1.1 for install IDs); the Audiences API 2.x one.
 */
public enum ApiDialect {
    CUSTOM_AUDIENCE_1_0,
    CUSTOM_AUDIENCE_1_1,
    AUDIENCES_2;

    /** The Custom Audience API version an audience of this ID type lives in. */
    public static ApiDialect of(IdType idType) {
        return idType == IdType.install_ids ? CUSTOM_AUDIENCE_1_1 : CUSTOM_AUDIENCE_1_0;
    }

    /** Whether the audience can be replaced in one request (1.0 audiences cannot). */
    public boolean canReplace() {
        return this != CUSTOM_AUDIENCE_1_0;
    }

    /** Whether an ID's last action in a request wins; in 1.0 an ID both added and removed is removed. */
    public boolean lastActionWins() {
        return this != CUSTOM_AUDIENCE_1_0;
    }

    /** Whether an element may carry attributes. */
    public boolean allowsAttributes() {
        return this != CUSTOM_AUDIENCE_1_0;
    }

    /** Whether an element may carry tags (only 1.1). */
    public boolean allowsTags() {
        return this == CUSTOM_AUDIENCE_1_1;
    }

    /** Whether the write body names the audience ({@code "name"}) rather than its path. */
    public boolean namesAudienceInBody() {
        return this == AUDIENCES_2;
    }

    /** Whether the write body repeats the audience's ID type ({@code "type"}). */
    public boolean typeInBody() {
        return this == CUSTOM_AUDIENCE_1_0;
    }
}
