package io.github.batchaudience.integration.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.github.batchaudience.BatchAudienceResult;

/**
 * The indexing tokens of a file's writes as the token store keeps them. A write to several apps
 * gives each app's tokens, which only that app knows: each is kept with its app's label
 * ({@code "…3f9a TOKEN"}), so that the status route asks that app, and no other, about it.
 */
public final class AppTokens {
    private AppTokens() {
    }

    static List<String> of(BatchAudienceResult result) {
        if (result.getApps() == null) {
            return result.getTokens();
        }
        List<String> kept = new ArrayList<>();
        for (BatchAudienceResult app : result.getApps()) {
            for (String token : app.getTokens()) {
                kept.add(app.getApp() + ' ' + token);
            }
        }
        return kept;
    }

    /** The app a kept token belongs to, or null when the write went to one app or a project. */
    public static String appOf(String kept) {
        int space = kept.indexOf(' ');
        return space < 0 ? null : kept.substring(0, space);
    }

    /** The token as the API gave it. */
    public static String tokenOf(String kept) {
        return kept.substring(kept.indexOf(' ') + 1);
    }

    static List<String> tokensOf(List<String> kept) {
        return kept.stream().map(AppTokens::tokenOf).collect(Collectors.toList());
    }
}
