package io.github.batchaudience.examples.camelmain;

import org.apache.camel.builder.RouteBuilder;

/** CRM exports (CSV files) dropped in a folder update the vip-users audience; each result is logged. */
public class CrmRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("file:{{crm.inbox}}?include=.*\\.csv&move=done").routeId("crm-export")
                .to("batch-audience:update/vip-users?idType=install_ids&autoCreate=true&waitForIndexing=true")
                .log("${header.CamelFileName}: ${body.idsSent} IDs sent, ${body.rejected} rejected");
    }
}
