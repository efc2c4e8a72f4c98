package io.github.batchaudience.internal.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The base URL rule: https, or plain http only towards this machine unless explicitly allowed. */
public final class BaseUrls {
    private BaseUrls() {
    }

    /**
     * Checks and normalises a base URL (no trailing slash).
     *
     * @throws IllegalArgumentException when it is not a usable http(s) URL, or plain http to a
     *                                  remote host without allowInsecureHttp
     */
    public static String check(String baseUrl, boolean allowInsecureHttp) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl must be set");
        }
        URI uri;
        try {
            uri = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, not '" + baseUrl + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not have user info, a query or a fragment");
        }
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("baseUrl " + uri.getScheme() + "://" + uri.getHost()
                                               + " uses plain http to a host that is not loopback: the keys would travel"
                                               + " in clear. Use https, or set allowInsecureHttp=true");
        }
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Only literal loopback names count: resolving a name could be spoofed into a remote host. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
