package io.github.batchaudience.model;

import java.util.Locale;

/**
 * The kind of IDs an audience holds. It decides the API version: 1.0 for custom and advertising
 * IDs, 1.1 (attributes and tags per ID, replace) for install IDs.
 */
public enum IdType {
    custom_ids("1.0"),
    advertising_ids("1.0"),
    install_ids("1.1");

    private final String apiVersion;

    IdType(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** Whether IDs of this type may carry attributes and tags, and be replaced with PUT. */
    public boolean isV11() {
        return this == install_ids;
    }

    /** The type as the API spells it, or null when the text names no type. */
    public static IdType fromApi(String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
