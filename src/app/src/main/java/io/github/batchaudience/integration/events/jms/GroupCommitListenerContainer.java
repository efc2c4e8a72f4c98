package io.github.batchaudience.integration.events.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMS source's listener container: the messages read one after the other while more are
 * waiting share one journal commit and one client acknowledgement. A message is acknowledged
 * only after {@link EventJournal#flush} committed its events; acknowledging the last message of
 * a group acknowledges every earlier one of the session (client acknowledgement), so nothing is
 * acknowledged before it is durable. A group ends when no message is waiting, when it reaches
 * its size, or when the container stops.
 *
 * <p>A commit that fails is tried again in place. A message the route could not take, a crash,
 * or an acknowledgement that fails leaves the whole group unacknowledged: the broker delivers it
 * again, and the journal may hold some of its events twice, which a batch resolves like any
 * duplicate (the last action of an ID wins). One consumer: the group is this thread's.
 */
final class GroupCommitListenerContainer extends DefaultJmsMessageListenerContainer {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitListenerContainer.class);
    private static final long RETRY_DELAY = 100;
    private static final long RETRY_MAX_DELAY = 5_000;

    private final EventJournal journal;
    private final int groupSize;
    /** The last message processed and not yet acknowledged, with how many precede it since the last acknowledgement. */
    private Message last;
    private int pending;

    GroupCommitListenerContainer(JmsEndpoint endpoint, EventJournal journal, int groupSize) {
        super(endpoint);
        this.journal = journal;
        this.groupSize = groupSize;
    }

    @Override
    protected Message receiveMessage(MessageConsumer consumer) throws JMSException {
        if (last != null) {
            Message next = consumer.receiveNoWait();
            if (next != null) {
                return next;
            }
            acknowledgeGroup();
        }
        return super.receiveMessage(consumer);
    }

    @Override
    protected void commitIfNecessary(Session session, Message message) throws JMSException {
        if (message == null || session.getTransacted() || !isClientAcknowledge(session)) {
            super.commitIfNecessary(session, message);
            return;
        }
        last = message;
        pending++;
        if (pending >= groupSize || !isRunning()) {
            acknowledgeGroup();
        }
    }

    @Override
    protected void rollbackOnExceptionIfNecessary(Session session, Throwable failure) throws JMSException {
        forgetGroup();
        super.rollbackOnExceptionIfNecessary(session, failure);
    }

    private void acknowledgeGroup() throws JMSException {
        Message acknowledged = last;
        int messages = pending;
        forgetGroup();
        commit(messages);
        acknowledged.acknowledge();
    }

    /**
     * Commits the group's events, trying again in place while the journal fails, as the route
     * retries what fails: neither this group nor a later one is acknowledged meanwhile. (A
     * session recovered here could have the broker deliver a later message before the group's
     * own again, out of order.) A container stopping gives up: nothing of the group is acknowledged.
     */
    private void commit(int messages) {
        long delay = RETRY_DELAY;
        while (true) {
            try {
                journal.flush();
                return;
            } catch (RuntimeException e) {
                if (!isRunning()) {
                    throw e;
                }
                LOG.warn("Could not commit the events of {} JMS message(s), trying again in {} ms: {}",
                         messages, delay, e.getMessage());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min(delay * 2, RETRY_MAX_DELAY);
            }
        }
    }

    private void forgetGroup() {
        last = null;
        pending = 0;
    }
}
