package io.github.batchaudience.integration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.ChildJvm;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestEvents;
import io.github.batchaudience.integration.testsupport.TestEvents.Event;
import io.github.batchaudience.integration.testsupport.TestKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka source on a broker that requires SASL/PLAIN, its security settings given as an
 * operator would, in the environment of the integration's own JVM: it logs in and applies the
 * events, through a dead letter and an outage of the API, and neither the password in the JAAS
 * configuration nor the truststore's password appears in anything it prints or writes (also
 * URL-encoded), while the settings' names do (Camel's startup summary, masked).
 */
class KafkaSecretsIT {
    private static final String USER = "batch-events";
    private static final String PASSWORD = "kafka-sasl-pw-7f3a91";
    private static final String TRUSTSTORE_PASSWORD = "kafka-trust-pw-2c84e0";

    @TempDir
    Path data;

    @Test
    void theSaslPasswordAndTheTruststorePasswordAppearNowhereTheIntegrationPrintsOrWrites() throws Exception {
        String topic = "events.secrets";
        String group = "group.secrets";
        Process process = null;
        try (TestKafkaBroker broker = TestKafkaBroker.startWithSasl(USER, PASSWORD);
             BatchEmulator emulator = IntegrationHarness.emulator()) {
            broker.createTopic(topic, 2);
            broker.createTopic(topic + ".dlq", 1);
            List<Event> events = TestEvents.toggles("kafka-secrets", 40);
            List<Map.Entry<String, String>> records = new ArrayList<>();
            events.forEach(e -> records.add(Map.entry(e.audience(), e.json())));
            records.add(Map.entry("kafka-secrets", "not JSON"));
            // The first write attempts meet an API in maintenance: a passing failure, retried.
            emulator.injectFault(BatchEmulator.Fault.MAINTENANCE, 8);
            broker.send(topic, records);

            List<String> jvmArgs = new ArrayList<>();
            Map<String, String> properties = broker.sourceProperties(topic, group);
            // Everything but the security settings and the brokers, which come from the environment.
            properties.keySet().removeIf(k -> k.startsWith("batch.kafka.s") || k.equals("batch.kafka.brokers"));
            properties.put("batch.audience.kafka-secrets.id-type", "install_ids");
            properties.put("camel.component.batch-audience.indexing-poll-interval", "20");
            properties.put("camel.component.batch-audience.initial-backoff", "10");
            properties.put("camel.component.batch-audience.max-backoff", "100");
            properties.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
            Path log = data.resolve("child.log");
            process = ChildJvm.integration(emulator, data, jvmArgs, Map.of(
                    "BATCH_KAFKA_BROKERS", broker.bootstrapServers(),
                    "BATCH_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "BATCH_KAFKA_SASL_MECHANISM", "PLAIN",
                    "BATCH_KAFKA_SASL_JAAS_CONFIG", broker.jaasConfig(),
                    // Not used with SASL_PLAINTEXT, but configured and so printed (masked) all the same.
                    "BATCH_KAFKA_TRUSTSTORE_LOCATION", data.resolve("truststore.p12").toString(),
                    "BATCH_KAFKA_TRUSTSTORE_PASSWORD", TRUSTSTORE_PASSWORD), log);

            Map<String, TestEvents.Member> expected = TestEvents.replay(events, "kafka-secrets");
            await().atMost(90, TimeUnit.SECONDS).until(() -> broker.committedTotal(group, topic) == records.size());
            assertThat(TestEvents.members(emulator, "kafka-secrets")).isEqualTo(expected);
            assertThat(broker.read(topic + ".dlq", 1, Duration.ofSeconds(30))).hasSize(1);
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            StringBuilder seen = new StringBuilder();
            try (Stream<Path> files = Files.walk(data)) {
                for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                    seen.append(file).append('\n').append(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
            String all = seen.toString();
            // The run did go through the paths this test is about, the settings' names printed.
            assertThat(all).contains("batch.kafka.sasl-jaas-config").contains("batch.kafka.truststore-password")
                    .contains("camel.component.kafka.saslJaasConfig").contains("sasl.jaas.config = [hidden]")
                    .contains("SASL_PLAINTEXT").contains("not JSON")
                    .contains("reads them again in").contains("Kafka events of kafka-secrets");
            for (String secret : List.of(PASSWORD, TRUSTSTORE_PASSWORD, IntegrationHarness.API_KEY,
                                         IntegrationHarness.REST_KEY)) {
                assertThat(all).doesNotContain(secret).doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            }
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
