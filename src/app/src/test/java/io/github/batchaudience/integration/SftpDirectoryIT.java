package io.github.batchaudience.integration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import io.github.batchaudience.integration.testsupport.TestSftpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * BATCH_SFTP_DIRECTORY (batch.sftp.directory) on a server whose login directory is not its root (a
 * folder of the test's served as "/", the account put in /home/crm-export): a relative directory is
 * read under the login directory, one outside it is reached with "..", an absolute one is refused at
 * start before anything connects, since camel-ftp strips the leading slashes of /x and //x.
 */
class SftpDirectoryIT {
    private static final String USER = "crm-export";
    private static final String PASSWORD = "sftp-pw-19ad";
    private static final String LOGIN = "/home/crm-export";

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    static TestSftpServer server;

    @TempDir
    static Path firstRoot;
    @TempDir
    Path root;
    @TempDir
    Path data;
    @TempDir
    Path config;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestSftpServer.start(USER, PASSWORD, firstRoot);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void reset() throws Exception {
        server.reset(root, LOGIN);
        Files.createDirectories(root.resolve(LOGIN.substring(1)));
    }

    @Test
    void aRelativeDirectoryIsReadUnderTheLoginDirectoryNotUnderTheServersRoot() throws Exception {
        Path inbox = Files.createDirectories(root.resolve("home/crm-export/inbox"));
        // First by name: had /inbox been read, this file would have been taken before the other.
        Path atRoot = upload(Files.createDirectories(root.resolve("inbox")), "crm-customers.update.csv", "id\nc-1\n");
        upload(inbox, "vip-users.update.csv", "id\ninstall-1\n");
        try (IntegrationHarness it = integration("inbox")) {
            it.awaitReport("vip-users.update.csv", "DONE");
            awaitFile(inbox.resolve("done/vip-users.update.csv"));
            assertThat(BATCH.emulator().members("vip-users")).map(BatchEmulator.Member::id).containsExactly("install-1");
            assertThat(it.report("crm-customers.update.csv")).isNull();
            assertThat(atRoot).exists();
        }
    }

    @Test
    void aDirectoryOutsideTheLoginDirectoryIsReachedRelativeToIt() throws Exception {
        Path exports = Files.createDirectories(root.resolve("srv/exports"));
        upload(exports, "vip-users.update.csv", "id\ninstall-2\n");
        try (IntegrationHarness it = integration("../../srv/exports")) {
            it.awaitReport("vip-users.update.csv", "DONE");
            awaitFile(exports.resolve("done/vip-users.update.csv"));
            assertThat(BATCH.emulator().members("vip-users")).map(BatchEmulator.Member::id).containsExactly("install-2");
        }
    }

    @Test
    void anAbsoluteDirectoryIsRefusedAtStartBeforeAnythingConnects() throws Exception {
        Path exports = Files.createDirectories(root.resolve("srv/exports"));
        Path file = upload(exports, "vip-users.update.csv", "id\ninstall-3\n");
        IntegrationHarness it = integration("/srv/exports");
        assertThatThrownBy(it::awaitExit)
                .hasStackTraceContaining("batch.sftp.directory (BATCH_SFTP_DIRECTORY) = /srv/exports is absolute")
                .hasStackTraceContaining("would read srv/exports under it instead")
                .hasStackTraceContaining("../../srv/exports");
        assertThat(server.logins()).isZero();
        assertThat(file).exists();
        assertThat(it.report("vip-users.update.csv")).isNull();
    }

    /** Why: what camel-ftp 4.18.0 makes of an absolute directory, even written with two slashes. */
    @Test
    void camelFtpReadsAnAbsoluteDirectoryAsARelativeOne() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            for (String uri : new String[] { "sftp://127.0.0.1:2222/srv/exports", "sftp://127.0.0.1:2222//srv/exports" }) {
                assertThat(camel.getEndpoint(uri, SftpEndpoint.class).getConfiguration().getDirectory()).as(uri)
                        .isEqualTo("srv/exports");
            }
        }
    }

    private IntegrationHarness integration(String directory) throws Exception {
        Map<String, String> properties = new HashMap<>(server.sourceProperties(server.knownHosts(config.resolve("known_hosts"))));
        properties.put("batch.sftp.directory", directory);
        return new IntegrationHarness(BATCH.emulator(), data, false, properties).start();
    }

    /** As an uploader should: written aside under a dot name (ignored), then renamed in. */
    private static Path upload(Path directory, String name, String content) throws Exception {
        Path aside = Files.writeString(directory.resolve("." + name + ".part"), content, StandardCharsets.UTF_8);
        return Files.move(aside, directory.resolve(name));
    }

    private static void awaitFile(Path file) {
        await(file + " on the server").atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(file));
    }
}
