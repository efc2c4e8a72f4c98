package io.github.batchaudience.integration.events.jms;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The JMS source's default connection factory: ActiveMQ Artemis's, configured from properties.
 * An empty user or password (no variable set) means none, as for a broker without security,
 * rather than a user named "".
 */
public class ArtemisConnectionFactory extends ActiveMQConnectionFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public ActiveMQConnectionFactory setUser(String user) {
        return super.setUser(user == null || user.isEmpty() ? null : user);
    }

    @Override
    public ActiveMQConnectionFactory setPassword(String password) {
        return super.setPassword(password == null || password.isEmpty() ? null : password);
    }
}
