package io.github.batchaudience.examples.quarkus;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;

/**
 * Applies a CRM export (CSV: an {@code id} column of install IDs, then attribute columns) to the
 * {@code vip-users} custom audience. The keys and the API's address are component options, set in
 * application.properties.
 */
@ApplicationScoped
public class CrmRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // waitForIndexing: the reply comes once Batch has applied the IDs, so a caller can rely
        // on the audience being up to date when it gets the BatchAudienceResult.
        from("direct:crm-export")
                .routeId("crm-export")
                .to("batch-audience:update/vip-users?idType=install_ids&autoCreate=true&waitForIndexing=true")
                .log("CRM export applied: ${body}");
    }
}
