package io.github.batchaudience.integration.events.jms;

import java.util.HashMap;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsConstants;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.JmsMessage;

/**
 * How the JMS source reads a message's headers: its JMSMessageID only, which names the message in
 * the dead-letter queue. Every event of a message is a copy of its exchange at each step of the
 * route, and Camel's own binding would read every JMS header and property of the message and copy
 * them along each time: that was the largest cost of an event after the journal. A dead letter
 * takes them back ({@link #readAllHeaders}).
 */
final class EventMessageBinding extends JmsBinding {
    EventMessageBinding(JmsEndpoint endpoint) {
        super(endpoint);
    }

    /**
     * A message about to go to the dead-letter queue as it came takes back every JMS header and
     * property, as Camel's own binding reads them: they follow it there.
     */
    static void readAllHeaders(Exchange exchange) {
        JmsMessage in = exchange.getIn(JmsMessage.class);
        if (in == null || in.getJmsMessage() == null || !(exchange.getFromEndpoint() instanceof JmsEndpoint endpoint)) {
            return;
        }
        new JmsBinding(endpoint).extractHeadersFromJms(in.getJmsMessage(), exchange).forEach((name, value) -> {
            if (value != null && in.getHeader(name) == null) {
                in.setHeader(name, value);
            }
        });
    }

    @Override
    public Map<String, Object> extractHeadersFromJms(Message jmsMessage, Exchange exchange) {
        Map<String, Object> headers = new HashMap<>(2);
        if (jmsMessage != null) {
            try {
                headers.put(JmsConstants.JMS_HEADER_MESSAGE_ID, jmsMessage.getJMSMessageID());
            } catch (JMSException e) {
                // Without an ID the dead letter only lacks the header that names its message.
            }
        }
        return headers;
    }
}
