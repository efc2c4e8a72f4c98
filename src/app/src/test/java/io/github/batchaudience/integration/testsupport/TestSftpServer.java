package io.github.batchaudience.integration.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.file.root.RootedPath;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SFTP server in this JVM (Apache MINA SSHD) on a free loopback port, for the SFTP source's
 * tests: one user, by password and/or public key, a folder of the test's as the server's whole file
 * system ("/"), the login directory "/" or one below it, and counters of what clients did (logins
 * tried, files opened for reading).
 */
public final class TestSftpServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private volatile Path root;
    private volatile String loginDirectory = "/";
    private final String user;
    private final String password;
    private final Set<PublicKey> authorizedKeys = new CopyOnWriteArraySet<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean passwordAccepted = true;

    private TestSftpServer(String user, String password, Path home) throws GeneralSecurityException {
        this.user = user;
        this.password = password;
        this.root = home;
        hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((u, p, session) -> {
            logins.incrementAndGet();
            return passwordAccepted && user.equals(u) && password.equals(p);
        });
        server.setPublickeyAuthenticator((u, key, session) -> {
            logins.incrementAndGet();
            return user.equals(u) && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        });
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void open(ServerSession session, String remoteHandle, Handle localHandle) {
                if (localHandle instanceof FileHandle) {
                    reads.incrementAndGet();
                }
            }
        });
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new FileSystemFactory() {
            @Override
            public Path getUserHomeDir(SessionContext session) {
                return root.resolve(loginDirectory.substring(1));
            }

            @Override
            public FileSystem createFileSystem(SessionContext session) {
                String login = loginDirectory;
                // The SFTP subsystem starts a session in the file system's default directory.
                return new RootedFileSystem(new RootedFileSystemProvider(), root, Map.of()) {
                    @Override
                    public RootedPath getDefaultDir() {
                        return getPath(login);
                    }
                };
            }
        });
    }

    public static TestSftpServer start(String user, String password, Path home) throws Exception {
        TestSftpServer s = new TestSftpServer(user, password, home);
        s.server.start();
        return s;
    }

    /** Serves another folder as the server's "/" and the login directory, forgets the counters, accepts the password again. */
    public void reset(Path home) {
        reset(home, "/");
    }

    /** As {@link #reset(Path)}, the login directory this absolute path of the server's ("/home/crm-export"). */
    public void reset(Path serverRoot, String login) {
        root = serverRoot;
        loginDirectory = login;
        logins.set(0);
        reads.set(0);
        authorizedKeys.clear();
        passwordAccepted = true;
    }

    public int port() {
        return server.getPort();
    }

    public void authorize(PublicKey key) {
        authorizedKeys.add(key);
    }

    public void refusePasswords() {
        passwordAccepted = false;
    }

    /** Login attempts (password or key) since the last reset: none when the client refused the server first. */
    public int logins() {
        return logins.get();
    }

    /** Files opened since the last reset (to download, or for any other reason). */
    public int filesOpened() {
        return reads.get();
    }

    /** This server's line for a known_hosts file, as ssh-keyscan writes it. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** A known_hosts file holding this server's key, a comment, and another host. */
    public Path knownHosts(Path file) throws IOException {
        String other = "[127.0.0.2]:2222 " + PublicKeyEntry.toString(otherKey());
        return Files.writeString(file, "# test\n" + other + "\n" + knownHostsLine() + "\n", StandardCharsets.UTF_8);
    }

    /** A key for this server's address that is not its key: what a man in the middle would present. */
    public Path knownHostsWithAnotherKey(Path file) throws IOException {
        String line = "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(otherKey());
        return Files.writeString(file, line + "\n", StandardCharsets.UTF_8);
    }

    private static PublicKey otherKey() throws IOException {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256).getPublic();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /**
     * The integration's properties for an SFTP source on this server: files from {@code inbox}
     * under the home folder, polled every second, quick read-lock checks, password login.
     */
    public Map<String, String> sourceProperties(Path knownHosts) {
        Map<String, String> p = new HashMap<>();
        p.put("batch.sftp.enabled", "true");
        p.put("batch.sftp.host", "127.0.0.1");
        p.put("batch.sftp.port", String.valueOf(port()));
        p.put("batch.sftp.user", user);
        p.put("batch.sftp.password", password);
        p.put("batch.sftp.known-hosts", knownHosts.toString());
        p.put("batch.sftp.directory", "inbox");
        p.put("batch.sftp.cron", "* * * * * ?");
        p.put("batch.sftp.read-lock-check-interval", "100");
        p.put("batch.sftp.read-lock-timeout", "5000");
        return p;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
