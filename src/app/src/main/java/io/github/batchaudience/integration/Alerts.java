package io.github.batchaudience.integration;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Something an operator must look at: a WARN line in the log, and a JSON message to one
 * endpoint ({@code log:} by default; a mail, chat or queue endpoint in production).
 */
public class Alerts implements CamelContextAware {
    public static final String FILE_FAILED = "FILE_FAILED";
    public static final String INDEXING_LATE = "INDEXING_LATE";
    public static final String REJECTED_ROWS = "REJECTED_ROWS";
    public static final String EVENTS_FAILED = "EVENTS_FAILED";

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String uri = "log:batch-audience.alerts?level=WARN";

    public void raise(String kind, String subject, String message) {
        LOG.warn("ALERT {} {}: {}", kind, subject, message);
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("alert", kind);
        alert.put("subject", subject);
        alert.put("message", message);
        alert.put("at", java.time.Instant.now().toString());
        try {
            template().sendBodyAndHeader(uri, Reports.JSON.writeValueAsString(alert), "CamelBatchAudienceAlert", kind);
        } catch (Exception e) {
            // The WARN line above is the alert of last resort; a broken alert channel must not fail the file.
            LOG.warn("Could not send the alert to its endpoint: {}", e.getMessage());
        }
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = camelContext.createProducerTemplate();
        }
        return template;
    }

    public String getUri() {
        return uri;
    }

    /** The endpoint every alert is sent to, as a JSON string body. */
    public void setUri(String uri) {
        this.uri = uri;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
