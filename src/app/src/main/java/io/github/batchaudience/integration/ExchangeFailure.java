package io.github.batchaudience.integration;

import io.github.batchaudience.BatchAudienceException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;

/**
 * What the sources (inbox files, JMS and Kafka events) make of a failed exchange: what really
 * went wrong, and whether sending the same input again could succeed.
 */
public final class ExchangeFailure {
    private ExchangeFailure() {
    }

    /** The failure of the exchange, unwrapped from Camel's wrappers; null when there is none. */
    public static Throwable root(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (t == null) {
            t = exchange.getException();
        }
        // Camel wraps checked exceptions thrown by beans; the cause says what really happened.
        while (t != null && t.getCause() != null
               && (t instanceof RuntimeCamelException || t instanceof CamelExecutionException)) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Whether the failure would happen again with the same input (a refused key or audience, a
     * bad name or file, the removal guard), as opposed to one that may pass (no answer, 429, 5xx
     * after the retries, a local fault, anything unexpected). The component says so of its own
     * failures; the integration's own refusals are IllegalArgumentExceptions.
     */
    public static boolean isPermanent(Throwable failure) {
        if (failure instanceof BatchAudienceException) {
            return !((BatchAudienceException) failure).isTransient();
        }
        return failure instanceof IllegalArgumentException;
    }
}
