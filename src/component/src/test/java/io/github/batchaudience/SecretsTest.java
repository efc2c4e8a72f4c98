package io.github.batchaudience;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulator.Fault;
import io.github.batchaudience.testing.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule 5: no key in a log line, exception, endpoint URI as shown, or result, on any path. */
class SecretsTest {
    private static final String APP_KEY = "APPKEY-5ecret+/=-9d1f";
    private static final String REST_KEY = "RESTKEY-5ecret&?#-a7e2";

    @Test
    void keysNeverAppearInLogsExceptionsUrisOrResults() throws Exception {
        StringBuilder seen = new StringBuilder();
        try (BatchEmulator emulator = BatchEmulator.builder().port(0).apiKeys(APP_KEY).restApiKey(REST_KEY)
                .indexingDelayMs(10).build().start();
             LogCapture logs = LogCapture.start("io.github.batchaudience", "org.apache.camel")) {
            String keys = "apiKey=RAW(" + APP_KEY + ")&restApiKey=RAW(" + REST_KEY + ")&baseUrl=" + emulator.baseUrl()
                          + "&initialBackoff=1&maxBackoff=5&maxAttempts=2&indexingPollInterval=5";
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:write").to("batch-audience:update/secret?idType=install_ids&autoCreate=true"
                                                + "&waitForIndexing=true&" + keys);
                        from("direct:wrong").to("batch-audience:update/secret?idType=install_ids&" + keys.replace(
                                REST_KEY, "not-the-key"));
                        from("direct:view").to("batch-audience:view/missing?" + keys);
                    }
                });
                camel.start();
                camel.getEndpoints().forEach(e -> seen.append(e).append('\n'));
                seen.append(camel.getRoutes()).append('\n');

                ObjectMapper json = new ObjectMapper();
                List<Object> bodies = List.of("id\nok-1\n" + "x".repeat(200) + "\n", "id,n:int\nok-2,nope\n");
                for (Object body : bodies) {
                    seen.append(json.writeValueAsString(outcome(camel, "direct:write", body, seen))).append('\n');
                }
                emulator.injectFault(Fault.SERVER_ERROR, 10);
                outcome(camel, "direct:write", "id\nfails\n", seen);
                emulator.clearFaults();
                emulator.injectFault(Fault.DROP_BEFORE_APPLY, 10);
                outcome(camel, "direct:write", "id\ndropped\n", seen);
                emulator.clearFaults();
                emulator.rejectIds("refused"::equals);
                outcome(camel, "direct:write", "id\nrefused\n", seen);
                outcome(camel, "direct:wrong", "id\nx\n", seen);
                outcome(camel, "direct:view", null, seen);
            }
            seen.append(logs.text());
        }
        String all = seen.toString();
        assertThat(all).contains("secret").contains("AUTHENTICATION_INVALID").contains("ROUTE_NOT_FOUND");
        for (String key : List.of(APP_KEY, REST_KEY)) {
            assertThat(all).doesNotContain(key);
            assertThat(all).doesNotContain(URLEncoder.encode(key, StandardCharsets.UTF_8));
            assertThat(all).doesNotContain(key.substring(0, 13));
        }
    }

    private static Object outcome(CamelContext camel, String uri, Object body, StringBuilder seen) {
        Exchange ex = camel.createProducerTemplate().send(uri, e -> e.getIn().setBody(body));
        if (ex.getException() != null) {
            StringWriter trace = new StringWriter();
            ex.getException().printStackTrace(new PrintWriter(trace));
            seen.append(ex.getException()).append('\n').append(trace).append('\n');
            if (ex.getException() instanceof BatchAudienceException) {
                seen.append(((BatchAudienceException) ex.getException()).getPartialResult()).append('\n');
            }
            return ex.getException().getMessage();
        }
        seen.append(ex.getMessage().getHeaders()).append('\n');
        return ex.getMessage().getBody();
    }
}
