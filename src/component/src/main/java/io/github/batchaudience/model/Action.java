package io.github.batchaudience.model;

import java.util.Locale;

/** What an update does with one ID. */
public enum Action {
    ADD,
    REMOVE;

    /** The action as it appears in a request body. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code add}/{@code remove} in any case; an empty or null text means {@code add}. */
    public static Action parse(String text) {
        if (text == null || text.isBlank()) {
            return ADD;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "add":
                return ADD;
            case "remove":
                return REMOVE;
            default:
                throw new IllegalArgumentException("action must be add or remove, not '" + text + "'");
        }
    }
}
