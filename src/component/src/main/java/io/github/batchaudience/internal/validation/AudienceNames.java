package io.github.batchaudience.internal.validation;

import io.github.batchaudience.internal.support.Printable;

/** Audience names as the API takes them: {@code [A-Za-z0-9_-]{1,255}}, case-sensitive. */
public final class AudienceNames {
    public static final int MAX_LENGTH = 255;

    private AudienceNames() {
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /**
     * Refuses a name outside the pattern before it can reach a URL path (so {@code ..}, {@code /}
     * or {@code %2F} can never address another route).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void check(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException("invalid audience name " + quote(name) + ": " + problem);
        }
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "it has " + name.length() + " characters, more than " + MAX_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!ok) {
                return "character " + describe(c) + " at position " + (i + 1)
                       + " is not allowed (letters, digits, '_' and '-' only)";
            }
        }
        return null;
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f || c == ' ' ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private static String quote(String name) {
        if (name == null) {
            return "(none)";
        }
        return "'" + Printable.of(name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'";
    }
}
