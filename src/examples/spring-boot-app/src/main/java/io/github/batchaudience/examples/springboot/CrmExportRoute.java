package io.github.batchaudience.examples.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * A CRM export (a CSV file or text with an id column and attribute columns) sent to
 * direct:crm-export is written to the audience vip-users, created on first use, and the route
 * answers with the BatchAudienceResult once Batch has indexed it. The keys and base URL are not
 * here but in application.properties.
 */
@Component
public class CrmExportRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:crm-export")
                .to("batch-audience:update/vip-users?idType=install_ids&autoCreate=true&waitForIndexing=true");
    }
}
