package io.github.batchaudience.integration.testsupport;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/** An Artemis broker in this JVM on a free loopback port, with one user, for the JMS source's tests. */
public final class TestBroker implements AutoCloseable {
    private final EmbeddedActiveMQ broker;
    private final String url;
    private final String user;
    private final String password;

    private TestBroker(EmbeddedActiveMQ broker, String url, String user, String password) {
        this.broker = broker;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static TestBroker start(Path directory, String user, String password) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + port;
        Configuration config = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(true)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .setLargeMessagesDirectory(directory.resolve("large").toString())
                .addAcceptorConfiguration("tcp", url);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(
                new ActiveMQSecurityManager() {
                    @Override
                    public boolean validateUser(String u, String p) {
                        return user.equals(u) && password.equals(p);
                    }

                    @Override
                    public boolean validateUserAndRole(String u, String p, Set<Role> roles, CheckType checkType) {
                        return validateUser(u, p);
                    }
                });
        broker.start();
        return new TestBroker(broker, url, user, password);
    }

    public String url() {
        return url;
    }

    public ActiveMQConnectionFactory client() {
        return new ActiveMQConnectionFactory(url, user, password);
    }

    /**
     * The integration's properties for a JMS source on this broker: events from {@code queue},
     * dead letters to {@code queue.dlq}, short quiet period and retry delays.
     */
    public Map<String, String> sourceProperties(String queue) {
        Map<String, String> p = new HashMap<>();
        p.put("batch.jms.enabled", "true");
        p.put("batch.jms.broker-url", url);
        p.put("batch.jms.user", user);
        p.put("batch.jms.password", password);
        p.put("batch.jms.queue", queue);
        p.put("batch.jms.dlq", queue + ".dlq");
        p.put("batch.jms.quiet-period", "200");
        p.put("batch.jms.retry-delay", "100");
        p.put("batch.jms.retry-max-delay", "400");
        return p;
    }

    /** Sends text messages in order, in transactions of 500. */
    public void send(String queue, List<String> messages) throws JMSException {
        sendGrouped(queue, messages, m -> null);
    }

    /**
     * Sends text messages in order, each in the message group its {@code group} names
     * ({@code JMSXGroupID}; none when null): Artemis gives all the messages of a group to one
     * consumer at a time.
     */
    public void sendGrouped(String queue, List<String> messages, Function<String, String> group) throws JMSException {
        try (ActiveMQConnectionFactory factory = client(); Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 0; i < messages.size(); i++) {
                TextMessage message = session.createTextMessage(messages.get(i));
                String id = group.apply(messages.get(i));
                if (id != null) {
                    message.setStringProperty("JMSXGroupID", id);
                }
                producer.send(message);
                if (i % 500 == 499) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    /** Messages in a queue, those delivered but not acknowledged included. */
    public long count(String queue) {
        Queue q = broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }
}
