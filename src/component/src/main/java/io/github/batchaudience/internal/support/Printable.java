package io.github.batchaudience.internal.support;

/**
 * Text read from outside (a file name, an audience name, an ID) made safe for one line of a log
 * or a table: control characters, and the Unicode line and paragraph separators, are escaped
 * ({@code \n}, {@code \r}, {@code \t}, else {@code \}{@code uXXXX}), so that such a value can
 * neither start a forged line nor move a terminal's cursor.
 */
public final class Printable {
    private Printable() {
    }

    /** The text with every such character escaped; null stays null. */
    public static String of(String text) {
        if (text == null || !needsEscaping(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (isUnprintable(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnprintable(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnprintable(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
