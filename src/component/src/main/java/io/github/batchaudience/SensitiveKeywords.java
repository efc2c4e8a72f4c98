package io.github.batchaudience;

import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;

/** The option names of this component that hold a secret and that Camel does not know as such. */
final class SensitiveKeywords {
    /** Compared by Camel without dashes and case-insensitively: one word covers rest-api-key too. */
    static final String REST_API_KEY = "restApiKey";

    private SensitiveKeywords() {
    }

    static void register(CamelContext camelContext) {
        ExtendedCamelContext extension = camelContext.getCamelContextExtension();
        String words = extension.getAdditionalSensitiveKeywords();
        if (words == null || words.isBlank()) {
            extension.setAdditionalSensitiveKeywords(REST_API_KEY);
        } else if (!words.toLowerCase(Locale.ROOT).contains(REST_API_KEY.toLowerCase(Locale.ROOT))) {
            extension.setAdditionalSensitiveKeywords(words + "," + REST_API_KEY);
        }
    }
}
