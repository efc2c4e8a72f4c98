package io.github.batchaudience;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers the emulator never gives but a proxy or a broken deployment may: the failure says what
 * came back, on one line and cut to a few hundred characters.
 */
class OddAnswersTest extends CamelTestSupport {
    private static final String HTML = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n"
                                       + "<p>upstream unavailable</p>\n".repeat(2_000) + "</body>\n</html>\n";

    // Started before Camel's test support builds the context, which needs its port.
    private static HttpServer server;
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static volatile int status;
    private static volatile String body;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", OddAnswersTest::answer);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @BeforeEach
    void forgetRequests() {
        REQUESTS.set(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        REQUESTS.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        BatchAudienceConfiguration c = context.getComponent("batch-audience", BatchAudienceComponent.class)
                .getConfiguration();
        c.setApiKey("odd-app-key");
        c.setRestApiKey("odd-rest-key");
        c.setBaseUrl("http://127.0.0.1:" + server.getAddress().getPort());
        c.setMaxAttempts(2);
        c.setInitialBackoff(1);
        c.setMaxBackoff(5);
        return context;
    }

    private BatchAudienceException failure() {
        Exception e = template.send("batch-audience:update/odd?idType=install_ids", x -> x.getIn().setBody("id\na\n"))
                .getException();
        assertThat(e).isInstanceOf(BatchAudienceException.class);
        return (BatchAudienceException) e;
    }

    @Test
    void aGatewaysHtmlPageIsCutToAFewHundredCharactersOnOneLine() {
        status = 502;
        body = HTML;
        BatchAudienceException e = failure();
        assertThat(e.getStatus()).isEqualTo(502);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("HTTP 502").contains("<title>502 Bad Gateway</title>")
                .contains("characters)").doesNotContain("\n");
        assertThat(e.getMessage().length()).isLessThan(600);
        assertThat(e.getApiMessage().length()).isLessThan(400);
        assertThat(REQUESTS.get()).isEqualTo(2);
    }

    @Test
    void aSuccessThatIsNotJsonIsReportedAsSuchAndNotSentAgain() {
        status = 201;
        body = "<html>accepted</html>";
        BatchAudienceException e = failure();
        assertThat(e.getStatus()).isEqualTo(201);
        assertThat(e.getMessage()).contains("the API answered 201 with a body that is not JSON: <html>accepted</html>")
                .doesNotContain("no response");
        assertThat(e.isTransient()).isFalse();
        assertThat(REQUESTS.get()).isEqualTo(1);
    }
}
