package io.github.batchaudience;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Polls {@code view/NAME} or {@code list} on Camel's scheduled polling support and emits the
 * API's JSON as a Map. It reuses the producer's logic, so both read audiences the same way.
 */
public class BatchAudienceConsumer extends ScheduledPollConsumer {
    private final BatchAudienceEndpoint endpoint;
    private BatchAudienceProducer reader;

    public BatchAudienceConsumer(BatchAudienceEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        reader = new BatchAudienceProducer(endpoint);
        reader.start();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (reader != null) {
            reader.stop();
        }
    }

    @Override
    protected int poll() throws Exception {
        Exchange exchange = createExchange(true);
        try {
            reader.process(exchange);
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
}
