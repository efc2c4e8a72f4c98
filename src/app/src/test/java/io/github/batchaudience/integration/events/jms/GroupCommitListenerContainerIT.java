package io.github.batchaudience.integration.events.jms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.JMSException;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import io.github.batchaudience.integration.testsupport.TestBroker;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JMS source's listener container against a real broker: messages are acknowledged in
 * groups, each only after the journal's commit that covers it, and a commit that failed is tried
 * again, the group unacknowledged meanwhile.
 */
class GroupCommitListenerContainerIT {
    private static final String QUEUE = "group.commit";
    private static final int MESSAGES = 2_000;
    private static final int GROUP = 100;

    @TempDir
    Path brokerDir;

    private TestBroker broker;
    private DefaultCamelContext camel;
    private ActiveMQConnectionFactory factory;
    private GroupCommitListenerContainer container;

    /** What the listener took, in order, and at each commit how many it had taken. */
    private final List<String> taken = new ArrayList<>();
    private final List<Integer> takenAtCommit = new ArrayList<>();
    /** The queue's depth (delivered and not acknowledged included) at each commit. */
    private final List<Long> queuedAtCommit = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(brokerDir, "group", "group-secret");
        factory = broker.client();
        camel = new DefaultCamelContext();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(factory);
        camel.addComponent("jms", jms);
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.shutdown();
        }
        camel.stop();
        factory.close();
        broker.close();
    }

    @Test
    void aGroupIsAcknowledgedOnlyAfterTheCommitThatCoversIt() throws Exception {
        broker.send(QUEUE, texts());
        start(new RecordingJournal(null));

        await().atMost(60, TimeUnit.SECONDS).until(() -> broker.count(QUEUE) == 0);
        assertThat(taken).hasSize(MESSAGES);
        synchronized (this) {
            for (int i = 0; i < takenAtCommit.size(); i++) {
                // Nothing taken so far was acknowledged before this commit.
                assertThat(queuedAtCommit.get(i)).isGreaterThanOrEqualTo(MESSAGES - previous(i));
                assertThat(takenAtCommit.get(i) - previous(i)).isBetween(1, GROUP);
            }
            assertThat(takenAtCommit.get(takenAtCommit.size() - 1)).isEqualTo(MESSAGES);
        }
    }

    @Test
    void aCommitThatFailedIsTriedAgainBeforeTheGroupIsAcknowledged() throws Exception {
        broker.send(QUEUE, texts());
        AtomicBoolean failed = new AtomicBoolean();
        start(new RecordingJournal(failed));

        await().atMost(60, TimeUnit.SECONDS).until(() -> broker.count(QUEUE) == 0);
        assertThat(failed).isTrue();
        synchronized (this) {
            // Each message once, in order: the group was neither acknowledged nor delivered again.
            assertThat(taken).containsExactlyElementsOf(texts());
            for (int i = 0; i < takenAtCommit.size(); i++) {
                assertThat(queuedAtCommit.get(i)).isGreaterThanOrEqualTo(MESSAGES - previous(i));
            }
        }
    }

    private int previous(int commit) {
        return commit == 0 ? 0 : takenAtCommit.get(commit - 1);
    }

    private void start(EventJournal journal) {
        JmsEndpoint endpoint = camel.getEndpoint("jms:queue:" + QUEUE, JmsEndpoint.class);
        container = new GroupCommitListenerContainer(endpoint, journal, GROUP);
        container.setConnectionFactory(factory);
        container.setDestinationName(QUEUE);
        container.setSessionAcknowledgeMode(Session.CLIENT_ACKNOWLEDGE);
        container.setCacheLevel(DefaultMessageListenerContainer.CACHE_CONSUMER);
        container.setRecoveryInterval(100);
        container.setMessageListener((MessageListener) message -> {
            synchronized (this) {
                try {
                    taken.add(((TextMessage) message).getText());
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        container.afterPropertiesSet();
        container.start();
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            texts.add("message-" + i);
        }
        return texts;
    }

    /** Records each commit; when given a flag, the first commit after 500 messages fails once. */
    private final class RecordingJournal extends EventJournal {
        private final AtomicBoolean failed;

        RecordingJournal(AtomicBoolean failed) {
            this.failed = failed;
        }

        @Override
        public void flush() {
            synchronized (GroupCommitListenerContainerIT.this) {
                if (failed != null && taken.size() >= 500 && failed.compareAndSet(false, true)) {
                    // Nothing of the group may be acknowledged by now.
                    assertThat(broker.count(QUEUE)).isGreaterThanOrEqualTo(MESSAGES - previous(takenAtCommit.size()));
                    throw new IllegalStateException("the journal is unavailable");
                }
                takenAtCommit.add(taken.size());
                queuedAtCommit.add(broker.count(QUEUE));
            }
        }
    }
}
