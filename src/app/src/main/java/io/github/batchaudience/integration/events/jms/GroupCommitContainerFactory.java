package io.github.batchaudience.integration.events.jms;

import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.component.jms.MessageListenerContainerFactory;
import org.springframework.jms.listener.AbstractMessageListenerContainer;

/**
 * Makes the JMS source's {@link GroupCommitListenerContainer} (routes/jms.yaml: {@code consumerType: Custom}),
 * and gives its endpoint the {@link EventMessageBinding}.
 */
public class GroupCommitContainerFactory implements MessageListenerContainerFactory {
    private EventJournal journal;
    private int groupSize = 1000;

    @Override
    public AbstractMessageListenerContainer createMessageListenerContainer(JmsEndpoint endpoint) {
        // The source's endpoint only: camel-jms has no option for a binding, and the consumer
        // asks the endpoint for it once it runs, after this.
        endpoint.setBinding(new EventMessageBinding(endpoint));
        return new GroupCommitListenerContainer(endpoint, journal, groupSize);
    }

    /** The journal whose commit makes a group's events durable before the group is acknowledged. */
    public void setJournal(EventJournal journal) {
        this.journal = journal;
    }

    /** At most this many messages share one commit and one acknowledgement. */
    public void setGroupSize(int groupSize) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("batch.jms.commit-group must be at least 1, not " + groupSize);
        }
        this.groupSize = groupSize;
    }
}
