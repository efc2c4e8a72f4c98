package io.github.batchaudience;

import java.util.List;
import java.util.stream.Collectors;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Component tests run through real Camel endpoints against the in-JVM emulator over real HTTP.
 * One emulator serves a test class, through the JUnit extension users get; it is reset before
 * each test.
 */
public abstract class BatchAudienceTestSupport extends CamelTestSupport {
    protected static final String API_KEY = "test-app-key-3f9a";
    protected static final String REST_KEY = "test-rest-key-77c1";
    /** A second app of the same company (an Android app beside an iOS one). */
    protected static final String SECOND_APP_KEY = "test-second-app-key-9d2e";
    /** A project, for the Audiences API 2.x. */
    protected static final String PROJECT_KEY = "project_test0664hxvwffvbpn278gx";

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create(
            b -> b.apiKeys(API_KEY, SECOND_APP_KEY).projectKeys(PROJECT_KEY).restApiKey(REST_KEY).indexingDelayMs(20)
                    .seed(42));

    protected static BatchEmulator emulator;

    @BeforeAll
    static void connect() {
        emulator = BATCH.emulator();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        BatchAudienceComponent component = context.getComponent("batch-audience", BatchAudienceComponent.class);
        component.getConfiguration().setBaseUrl(emulator.baseUrl());
        component.getConfiguration().setApiKey(API_KEY);
        component.getConfiguration().setRestApiKey(REST_KEY);
        component.getConfiguration().setInitialBackoff(5);
        component.getConfiguration().setMaxBackoff(50);
        component.getConfiguration().setIndexingPollInterval(10);
        return context;
    }

    /**
     * A second component on the same account, as {@code batch-audience-elsewhere:}: writes made
     * elsewhere (another application, another JVM, an earlier run), unknown to the component
     * under test.
     */
    protected static void addComponentElsewhere(CamelContext context) {
        BatchAudienceComponent other = new BatchAudienceComponent();
        other.setConfiguration(context.getComponent("batch-audience", BatchAudienceComponent.class).getConfiguration().copy());
        context.addComponent("batch-audience-elsewhere", other);
    }

    /** Sends a body to an endpoint and returns the result body, rethrowing the exchange's failure. */
    protected <T> T send(String uri, Object body, Class<T> type) throws Exception {
        Exchange exchange = template.send(uri, e -> e.getIn().setBody(body));
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        return exchange.getMessage().getBody(type);
    }

    protected BatchAudienceResult write(String uri, Object body) throws Exception {
        return send(uri, body, BatchAudienceResult.class);
    }

    /** The failure an exchange ended with. */
    protected Exception failure(String uri, Object body) {
        Exchange exchange = template.send(uri, e -> e.getIn().setBody(body));
        return exchange.getException();
    }

    protected static List<String> memberIds(String audience) {
        return emulator.members(audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toList());
    }

    /** Creates an audience directly, outside the component under test. */
    protected void createAudience(String name, String idType) throws Exception {
        send("batch-audience:create/" + name + "?idType=" + idType, null, Object.class);
    }
}
