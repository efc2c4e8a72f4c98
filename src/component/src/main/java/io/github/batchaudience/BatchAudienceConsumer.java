package io.github.batchaudience;

import java.util.Map;

import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.operation.Account;
import io.github.batchaudience.internal.operation.AudienceAdmin;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Polls {@code view/NAME} or {@code list} on Camel's scheduled polling support and emits the
 * API's JSON as a Map. It reads with the same admin operations as the producer, and fails the
 * same way.
 */
public class BatchAudienceConsumer extends ScheduledPollConsumer {
    private final BatchAudienceEndpoint endpoint;
    private AudienceAdmin admin;

    public BatchAudienceConsumer(BatchAudienceEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        admin = new AudienceAdmin(Account.of(endpoint.destinations(), endpoint.getConfiguration()));
        super.doStart();
    }

    @Override
    protected int poll() throws Exception {
        Exchange exchange = createExchange(true);
        try {
            exchange.getIn().setBody(read());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error polling batch-audience:" + endpoint.getOperation(), exchange,
                                                  exchange.getException());
        }
        releaseExchange(exchange, false);
        return 1;
    }

    private Map<String, Object> read() throws BatchAudienceException {
        String audience = endpoint.getAudienceName();
        BatchAudienceConfiguration c = endpoint.getConfiguration();
        CallCounter counter = new CallCounter();
        try {
            return endpoint.getOperation() == BatchAudienceOperation.list ? admin.list(c.getIdType(), counter)
                    : admin.view(audience, c.getIdType(), null, counter);
        } catch (Exception e) {
            if (e instanceof ApiException api && api.isNotFound()) {
                admin.forget(audience);
            }
            throw Failures.of(endpoint.getOperation().name(), audience, e);
        }
    }
}
