package io.github.batchaudience.integration.events.jms;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * One shared connection, with cached sessions and producers, for what the JMS source sends (the
 * dead-letter queue): without it every message sent opens and closes a connection. The target
 * is named rather than referenced because it may be a bean of another route file, and route
 * files are loaded in no fixed order: it is looked up when first needed.
 */
public class CachingJmsConnectionFactory extends CachingConnectionFactory implements CamelContextAware {
    private CamelContext camelContext;
    private String targetName;

    @Override
    public synchronized ConnectionFactory getTargetConnectionFactory() {
        ConnectionFactory target = super.getTargetConnectionFactory();
        if (target == null && targetName != null && camelContext != null) {
            target = camelContext.getRegistry().lookupByNameAndType(targetName, ConnectionFactory.class);
            if (target == null) {
                throw new IllegalStateException("no JMS ConnectionFactory bean named '" + targetName
                                                + "' (batch.jms.connection-factory)");
            }
            setTargetConnectionFactory(target);
        }
        return target;
    }

    /** The registry name of the connection factory to wrap. */
    public void setTargetName(String targetName) {
        this.targetName = targetName;
    }

    public String getTargetName() {
        return targetName;
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
