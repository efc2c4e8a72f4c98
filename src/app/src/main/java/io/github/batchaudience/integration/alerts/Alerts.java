package io.github.batchaudience.integration.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.github.batchaudience.BatchAudienceRules.printable;

/**
 * Something an operator must look at: a WARN line in the log, and the alert to the alerts route
 * ({@code routes/alerts.yaml}), which marshals it to JSON for the configured endpoint
 * ({@code log:} by default; a webhook, mail, chat or queue endpoint in production).
 */
public class Alerts implements CamelContextAware {
    public static final String FILE_FAILED = "FILE_FAILED";
    public static final String INDEXING_LATE = "INDEXING_LATE";
    public static final String REJECTED_ROWS = "REJECTED_ROWS";
    public static final String EVENTS_FAILED = "EVENTS_FAILED";
    public static final String STATE_DAMAGED = "STATE_DAMAGED";
    public static final String FILE_NOT_MOVED = "FILE_NOT_MOVED";

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String route = "direct:batch-alert";

    public void raise(String kind, String subject, String message) {
        LOG.warn("ALERT {} {}: {}", kind, printable(subject), printable(message));
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("alert", kind);
        alert.put("subject", subject);
        alert.put("message", message);
        alert.put("at", Instant.now().toString());
        try {
            template().requestBodyAndHeader(route, alert, "CamelBatchAudienceAlert", kind);
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

    public String getRoute() {
        return route;
    }

    /** The route every alert is sent to, as a map (alert, subject, message, at). */
    public void setRoute(String route) {
        this.route = route;
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
