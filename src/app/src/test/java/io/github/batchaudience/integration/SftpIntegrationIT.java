package io.github.batchaudience.integration;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulator.Fault;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestSftpServer;
import io.github.batchaudience.testing.LogCapture;
import org.apache.camel.spi.StreamCachingStrategy;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SFTP source end to end: the project's routes/sftp.yaml on Camel Main, an SFTP server in
 * this JVM (Apache MINA SSHD on loopback, its home a temporary folder) and the emulator.
 */
class SftpIntegrationIT {
    private static final String USER = "crm-export";
    // Characters that must survive the endpoint URI, and a value to look for in everything printed.
    private static final String PASSWORD = "sftp-pw-7c1e&x=1+%2F";
    private static final String PASSPHRASE = "key-pass-3b8f04a1";

    static BatchEmulator emulator;
    static TestSftpServer server;

    @TempDir
    static Path firstHome;
    @TempDir
    Path data;
    @TempDir
    Path home;
    @TempDir
    Path config;

    @BeforeAll
    static void startServers() throws Exception {
        emulator = IntegrationHarness.emulator();
        server = TestSftpServer.start(USER, PASSWORD, firstHome);
    }

    @AfterAll
    static void stopServers() throws Exception {
        server.close();
        emulator.close();
    }

    @BeforeEach
    void reset() throws Exception {
        emulator.reset();
        server.reset(home);
        Files.createDirectories(inbox());
    }

    // ---- the tests

    @Test
    void updateFileIsAppliedExactlyMovedToDoneOnTheServerAndReported() throws Exception {
        try (LogCapture logs = LogCapture.start("io.github.batchaudience", "org.apache.camel");
             IntegrationHarness it = integration(Map.of())) {
            StreamCachingStrategy.Statistics cached = it.runner().camelContext().getStreamCachingStrategy().getStatistics();
            cached.setStatisticsEnabled(true);
            upload("vip-users.update.2026-11-22.csv", csv(0, 12_001));
            // Empty: a valid input, not a file still being written.
            upload("crm-customers.update.empty.csv", "");
            JsonNode report = it.awaitReport("vip-users.update.2026-11-22.csv", "DONE");
            assertThat(report.get("rowsRead").asLong()).isEqualTo(12_001);
            assertThat(report.get("idsSent").asLong()).isEqualTo(12_001);
            assertThat(report.get("writeRequests").asLong()).isEqualTo(2);
            assertThat(members("vip-users")).isEqualTo(ids(0, 12_001));
            awaitOnServer("done/vip-users.update.2026-11-22.csv");
            assertThat(inbox().resolve("vip-users.update.2026-11-22.csv")).doesNotExist();
            assertThat(it.awaitReport("crm-customers.update.empty.csv", "DONE").get("rowsRead").asLong()).isZero();
            awaitOnServer("done/crm-customers.update.empty.csv");
            // The local folders are the folder source's: nothing of SFTP's lands there.
            assertThat(it.data("done")).doesNotExist();
            // Streamed from the server to the component: never read whole into Camel's stream cache.
            assertThat(cached.getCacheMemoryCounter() + cached.getCacheSpoolCounter()).isZero();
            it.close();
            assertThat(logs.text()).contains("batch.sftp.password").doesNotContain(PASSWORD)
                    .doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
            assertThat(it.printed()).doesNotContain(PASSWORD).doesNotContain(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
        }
    }

    /**
     * On an emulator that applies the writes of an audience accepted within one window the last
     * first: a window longer than the SFTP source takes to bring the next file.
     */
    @Test
    void theFilesOfAnAudienceAreAppliedInInboxOrder() throws Exception {
        emulator.setIndexingDelayMs(2_000);
        emulator.setIndexingOrder(BatchEmulator.IndexingOrder.REVERSE);
        try (IntegrationHarness it = integration(Map.of())) {
            for (int gen = 1; gen <= 4; gen++) {
                String g = "g" + gen;
                upload("vip-users.update.0" + gen + ".csv", "id,gen\n" + IntStream.range(0, 20)
                        .mapToObj(i -> "install-" + i + "," + g + "\n").collect(Collectors.joining()));
            }
            for (int gen = 1; gen <= 4; gen++) {
                it.awaitReport("vip-users.update.0" + gen + ".csv", "DONE");
            }
        }
        assertThat(emulator.members("vip-users")).hasSize(20)
                .allSatisfy(m -> assertThat(m.attributes()).containsEntry("gen", "g4"));
    }

    @Test
    void aFileWithRejectedRowsIsAppliedMovedToDoneAndItsRejectedRowsReported() throws Exception {
        // What is rejected and why is apply-file's (FolderIntegrationIT, InboxCatalogueIT); here,
        // that rejected rows do not keep the file from done.
        try (IntegrationHarness it = integration(Map.of())) {
            upload("vip-users.update.csv", "id\ninstall-1\n" + "x".repeat(129) + "\ninstall-2\n");
            assertThat(it.awaitReport("vip-users.update.csv", "DONE").get("rejected").asLong()).isEqualTo(1);
            assertThat(Files.readAllLines(it.data("reports").resolve("vip-users.update.csv.rejected.csv")))
                    .hasSize(2).element(1).asString().startsWith("3,xxx");
            assertThat(members("vip-users")).containsExactly("install-1", "install-2");
            awaitOnServer("done/vip-users.update.csv");
        }
    }

    @Test
    void badlyNamedAndBadFilesAreMovedToFailedOnTheServerWithAReportSayingWhy() throws Exception {
        try (IntegrationHarness it = integration(Map.of())) {
            upload("vip-users.upsert.csv", csv(0, 3));
            upload("vip-users.update.no-id.csv", "name,tier\nann,gold\n");
            assertThat(it.awaitReport("vip-users.upsert.csv", "FAILED").get("error").asText())
                    .contains("vip-users.upsert.csv").contains("'upsert'");
            assertThat(it.awaitReport("vip-users.update.no-id.csv", "FAILED").get("error").asText())
                    .contains("vip-users.update.no-id.csv").contains("id");
            awaitOnServer("failed/vip-users.upsert.csv");
            awaitOnServer("failed/vip-users.update.no-id.csv");
            assertThat(inbox().resolve("vip-users.upsert.csv")).doesNotExist();
            assertThat(inbox().resolve("done")).doesNotExist();
            assertThat(emulator.members("vip-users")).isEmpty();
        }
    }

    @Test
    void fileStaysOnTheServerWhileTheApiIsDownAndIsAppliedOnceItIsBack() throws Exception {
        emulator.injectFault(Fault.MAINTENANCE, 1_000_000);
        try (LogCapture logs = LogCapture.atConfiguredLevels();
             IntegrationHarness it = integration(Map.of("batch.inbox.retry-max-delay", "400"))) {
            upload("vip-users.update.csv", csv(0, 10));
            // Several attempts, each out of retries on 503: the file must stay, with no report.
            await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> logs.text().split("vip-users.update.csv: not applied this time", -1).length > 3);
            assertThat(inbox().resolve("vip-users.update.csv")).exists();
            assertThat(inbox().resolve("done")).doesNotExist();
            assertThat(inbox().resolve("failed")).doesNotExist();
            assertThat(it.report("vip-users.update.csv")).isNull();
            emulator.clearFaults();
            it.awaitReport("vip-users.update.csv", "DONE");
            assertThat(members("vip-users")).isEqualTo(ids(0, 10));
            awaitOnServer("done/vip-users.update.csv");
        }
    }

    @Test
    void aFileWaitingForItsRetryHoldsBackTheLaterFilesOfItsAudience() throws Exception {
        IntegrationHarness.createAudience(emulator, "vip-users");
        // The first write fails once, with no retry left: the first file must be applied before
        // the second, which removes what the first adds.
        emulator.injectFault(Fault.MAINTENANCE, 1);
        // Both there at the first poll.
        upload("vip-users.update.1.csv", "id\ninstall-1\ninstall-2\n");
        upload("vip-users.update.2.csv", "id,action\ninstall-1,remove\n");
        try (IntegrationHarness it = integration(Map.of("camel.component.batch-audience.max-attempts", "1"))) {
            it.awaitReport("vip-users.update.2.csv", "DONE");
            it.awaitReport("vip-users.update.1.csv", "DONE");
            await().atMost(10, TimeUnit.SECONDS).until(() -> emulator.pendingWrites() == 0);
            assertThat(members("vip-users")).containsExactly("install-2");
            assertThat(Instant.parse(it.report("vip-users.update.1.csv").get("finishedAt").asText()))
                    .isBefore(Instant.parse(it.report("vip-users.update.2.csv").get("startedAt").asText()));
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedBeforeLoginAndNothingIsDownloaded() throws Exception {
        Path knownHosts = Files.writeString(config.resolve("known_hosts"), "# nothing trusted yet\n");
        assertRefused(knownHosts, "is not in " + knownHosts);
    }

    @Test
    void aHostKeyOtherThanTheKnownOneIsRefusedBeforeLoginAndNothingIsDownloaded() throws Exception {
        Path knownHosts = server.knownHostsWithAnotherKey(config.resolve("known_hosts"));
        assertRefused(knownHosts, "is not the one " + knownHosts + " holds for it");
    }

    private void assertRefused(Path knownHosts, String why) throws Exception {
        upload("vip-users.update.csv", csv(0, 10));
        Map<String, String> properties = new HashMap<>(server.sourceProperties(knownHosts));
        try (LogCapture logs = LogCapture.atConfiguredLevels();
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, properties).start()) {
            String line = await("refusal logged").atMost(20, TimeUnit.SECONDS).until(
                    () -> logs.text().lines().filter(l -> l.contains("REFUSED")).findFirst().orElse(null), l -> l != null);
            assertThat(line).startsWith("WARN").contains("127.0.0.1:" + server.port()).contains(why)
                    .contains("Nothing was downloaded").doesNotContain(PASSWORD);
            // A second poll refuses again: the server is never trusted by default.
            await().atMost(10, TimeUnit.SECONDS).until(() -> logs.text().split("REFUSED", -1).length > 2);
            assertThat(server.logins()).isZero();
            assertThat(server.filesOpened()).isZero();
            assertThat(Files.readString(inbox().resolve("vip-users.update.csv"))).isEqualTo(csv(0, 10));
            assertThat(it.report("vip-users.update.csv")).isNull();
            assertThat(emulator.members("vip-users")).isEmpty();
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aRefusedLoginIsExplainedAndLeavesTheFile() throws Exception {
        String wrong = "not-the-password-51d0";
        upload("vip-users.update.csv", csv(0, 10));
        Map<String, String> properties = new HashMap<>(server.sourceProperties(knownHosts()));
        properties.put("batch.sftp.password", wrong);
        try (LogCapture logs = LogCapture.atConfiguredLevels();
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, properties).start()) {
            String line = await("refused login logged").atMost(20, TimeUnit.SECONDS).until(
                    () -> logs.text().lines().filter(l -> l.contains("login was refused")).findFirst().orElse(null),
                    l -> l != null);
            assertThat(line).startsWith("WARN").contains("sftp://" + USER + "@127.0.0.1:" + server.port())
                    .contains("BATCH_SFTP_PASSWORD");
            assertThat(server.logins()).isPositive();
            assertThat(server.filesOpened()).isZero();
            assertThat(inbox().resolve("vip-users.update.csv")).exists();
            assertThat(it.report("vip-users.update.csv")).isNull();
            assertThat(logs.text()).doesNotContain(wrong);
        }
    }

    @Test
    void privateKeyWithAPassphraseLogsIn() throws Exception {
        JSch jsch = new JSch();
        KeyPair key = KeyPair.genKeyPair(jsch, KeyPair.ECDSA, 256);
        Path keyFile = config.resolve("id_ecdsa");
        // The format ssh-keygen writes by default (-----BEGIN OPENSSH PRIVATE KEY-----), encrypted.
        key.writeOpenSSHv1PrivateKey(keyFile.toString(), PASSPHRASE.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream publicKey = new ByteArrayOutputStream();
        key.writePublicKey(publicKey, "crm-export@test");
        server.authorize(PublicKeyEntry.parsePublicKeyEntry(publicKey.toString(StandardCharsets.UTF_8).trim())
                                 .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING));
        server.refusePasswords();
        Map<String, String> properties = new HashMap<>(server.sourceProperties(knownHosts()));
        properties.put("batch.sftp.password", "");
        properties.put("batch.sftp.private-key-file", keyFile.toString());
        properties.put("batch.sftp.passphrase", PASSPHRASE);
        try (LogCapture logs = LogCapture.start("io.github.batchaudience", "org.apache.camel");
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, properties).start()) {
            upload("crm-customers.update.jsonl", "{\"id\":\"c-1\",\"action\":\"add\"}\n{\"id\":\"c-2\",\"action\":\"add\"}\n");
            it.awaitReport("crm-customers.update.jsonl", "DONE");
            assertThat(members("crm-customers")).containsExactly("c-1", "c-2");
            awaitOnServer("done/crm-customers.update.jsonl");
            it.close();
            assertThat(logs.text()).contains("batch.sftp.passphrase").doesNotContain(PASSPHRASE);
            assertThat(it.printed()).doesNotContain(PASSPHRASE);
        }
    }

    @Test
    void disabledByDefaultItNeitherStartsNorConnects() throws Exception {
        try (ServerSocket fakeServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             IntegrationHarness it = new IntegrationHarness(emulator, data, false, Map.of(
                     "batch.sftp.host", "127.0.0.1", "batch.sftp.port", String.valueOf(fakeServer.getLocalPort()),
                     "batch.sftp.cron", "* * * * * ?")).start()) {
            assertThat(it.runner().camelContext().getRoute("folder-inbox")).isNotNull();
            assertThat(it.runner().camelContext().getRoute("sftp-inbox")).isNull();
            assertThat(it.runner().camelContext().hasComponent("sftp")).isNull();
            assertThat(it.runner().camelContext().hasComponent("quartz")).isNull();
            fakeServer.setSoTimeout(1_500);
            Assertions.assertThrows(SocketTimeoutException.class, fakeServer::accept);
        }
    }

    // ---- helpers

    private IntegrationHarness integration(Map<String, String> more) throws Exception {
        Map<String, String> properties = new HashMap<>(server.sourceProperties(knownHosts()));
        properties.putAll(more);
        return new IntegrationHarness(emulator, data, false, properties).start();
    }

    private Path knownHosts() throws Exception {
        return server.knownHosts(config.resolve("known_hosts"));
    }

    private Path inbox() {
        return home.resolve("inbox");
    }

    /** Puts a file in the server's inbox as an uploader should: written aside, then renamed in. */
    private void upload(String name, String content) throws Exception {
        Path tmp = Files.writeString(home.resolve("." + name + ".part"), content, StandardCharsets.UTF_8);
        Files.move(tmp, inbox().resolve(name));
    }

    private void awaitOnServer(String path) {
        await(path + " on the server").atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(inbox().resolve(path)));
    }

    private static List<String> members(String audience) {
        return emulator.members(audience).stream().map(BatchEmulator.Member::id).collect(Collectors.toList());
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "install-" + i).sorted().collect(Collectors.toList());
    }

    private static String csv(int from, int to) {
        return "id,tier\n" + IntStream.range(from, to).mapToObj(i -> "install-" + i + ",t" + (i % 3) + "\n")
                .collect(Collectors.joining());
    }
}
