package io.github.batchaudience.integration;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestPostgres;
import io.github.batchaudience.integration.testsupport.TestTcpProxy;
import io.github.batchaudience.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shared state database goes away and comes back: the integration says so, once each way. */
class DatabaseOutageIT {
    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static TestPostgres postgres;

    @TempDir
    Path data;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }


    @Test
    void oneWarningWhenItGoesAwayAndOneLineWhenItIsBack() throws Exception {
        BatchEmulator emulator = BATCH.emulator();
        postgres.createDatabase("outage");
        try (TestTcpProxy proxy = TestTcpProxy.to(postgres.port());
             LogCapture log = LogCapture.atConfiguredLevels()) {
            Map<String, String> settings = new HashMap<>(postgres.settings(
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/outage"));
            settings.put("batch.state.jdbc.connection-timeout", "1000");
            settings.put("batch.state.jdbc.check-interval", "200");
            try (IntegrationHarness it = new IntegrationHarness(emulator, data, false, settings).start()) {
                proxy.cut();
                await("the WARN").atMost(30, TimeUnit.SECONDS).until(() -> log.text().contains("is unreachable"));
                // A file dropped during the outage waits for the database (its settled record is there).
                it.drop("vip-users.update.csv", "id\ninstall-1\n");
                await("the pool giving up on the file").atMost(30, TimeUnit.SECONDS)
                        .until(() -> log.text().contains("vip-users.update.csv"));
                proxy.restore();
                await("the INFO").atMost(30, TimeUnit.SECONDS).until(() -> log.text().contains("is reachable again"));
                it.awaitReport("vip-users.update.csv", "DONE");
                // However many checks failed while it was away: one line each way.
                assertThat(log.count("is unreachable")).isEqualTo(1);
                assertThat(log.count("is reachable again")).isEqualTo(1);
                assertThat(log.text()).contains("The shared state database jdbc:postgresql://127.0.0.1:" + proxy.port()
                                                + "/outage is unreachable")
                        .doesNotContain(TestPostgres.PASSWORD);
            }
        }
    }
}
