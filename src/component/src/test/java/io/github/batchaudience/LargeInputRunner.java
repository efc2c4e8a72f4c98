package io.github.batchaudience;

import java.io.File;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Sends one file through a batch-audience endpoint in a JVM of its own, so that a test can give
 * it a small heap. Arguments: endpoint URI (without keys), base URL, app key, REST key, file.
 * Prints the result as JSON on a line of its own, after {@code RESULT }.
 */
public final class LargeInputRunner {
    private LargeInputRunner() {
    }

    public static void main(String[] args) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            BatchAudienceComponent component = camel.getComponent("batch-audience", BatchAudienceComponent.class);
            component.getConfiguration().setBaseUrl(args[1]);
            component.getConfiguration().setApiKey(args[2]);
            component.getConfiguration().setRestApiKey(args[3]);
            camel.start();
            BatchAudienceResult result = camel.createProducerTemplate().requestBody(args[0], new File(args[4]),
                                                                                   BatchAudienceResult.class);
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        }
    }
}
