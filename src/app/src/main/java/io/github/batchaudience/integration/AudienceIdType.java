package io.github.batchaudience.integration;

import org.apache.camel.CamelContext;

/** The ID type the configuration gives an audience, which the sources hand the component. */
public final class AudienceIdType {
    private AudienceIdType() {
    }

    /** The ID type configured for an audience ({@code batch.audience.NAME.id-type}), or null: then view reads it. */
    public static String configured(CamelContext camelContext, String audience) {
        String idType = camelContext.getPropertiesComponent()
                .resolveProperty("batch.audience." + audience + ".id-type").orElse(null);
        return idType == null || idType.isBlank() ? null : idType.trim();
    }
}
