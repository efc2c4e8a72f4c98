package io.github.batchaudience.integration;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Several instances of the integration ({@code batch.cluster.enabled=true}): the routes that must
 * run on one instance at a time (the inbox folder, the SFTP poll, the indexing status) take their
 * {@code from} behind Camel's {@code master:} endpoint, through the property
 * {@code batch.cluster.from} their URIs start with, and Camel's cluster service chosen by
 * {@code batch.cluster.service} elects the instance that runs them: {@code file} (camel-file's
 * FileLockClusterService, a lock in a shared folder) or {@code zookeeper} (camel-zookeeper's
 * ZooKeeperClusterService). When the leader dies, another takes over once the service notices
 * (file: its heartbeat stopped for {@code acquire-lock-interval × heartbeat-timeout-multiplier};
 * zookeeper: its session expired), and resumes from the shared state. Off, nothing of this
 * exists and the routes read as before.
 */
public final class ClusterSetup {
    /** The prefix the routes' from-URIs start with: empty, or master:NAMESPACE:. */
    public static final String FROM = "batch.cluster.from";

    private ClusterSetup() {
    }

    /** Called before the routes are built: adds the cluster service and sets the prefix. */
    public static void configure(CamelContext camel) throws Exception {
        PropertiesComponent properties = camel.getPropertiesComponent();
        if (!Boolean.parseBoolean(property(properties, "batch.cluster.enabled", "false"))) {
            return;
        }
        String member = property(properties, "batch.cluster.member", "member-" + ProcessHandle.current().pid());
        camel.addService(service(properties, member));
        properties.addOverrideProperty(FROM, "master:" + property(properties, "batch.cluster.namespace",
                                                                  "batch-audience") + ":");
    }

    private static CamelClusterService service(PropertiesComponent properties, String member) {
        String service = property(properties, "batch.cluster.service", "file").toLowerCase(Locale.ROOT);
        switch (service) {
            case "file": {
                FileLockClusterService files = new FileLockClusterService();
                files.setId(member);
                files.setRoot(property(properties, "batch.cluster.root", null));
                files.setAcquireLockDelay(millis(properties, "batch.cluster.acquire-lock-delay", "1000"),
                                          TimeUnit.MILLISECONDS);
                files.setAcquireLockInterval(millis(properties, "batch.cluster.acquire-lock-interval", "5000"),
                                             TimeUnit.MILLISECONDS);
                files.setHeartbeatTimeoutMultiplier(
                        Integer.parseInt(property(properties, "batch.cluster.heartbeat-timeout-multiplier", "3")));
                return files;
            }
            case "zookeeper": {
                ZooKeeperClusterService zookeeper = new ZooKeeperClusterService();
                zookeeper.setId(member);
                zookeeper.setNodes(property(properties, "batch.cluster.zookeeper.url", null));
                zookeeper.setBasePath(property(properties, "batch.cluster.zookeeper.base-path", "/batch-audience"));
                // A dead leader's session, and with it its leadership, ends after this long.
                zookeeper.setSessionTimeout(millis(properties, "batch.cluster.zookeeper.session-timeout", "10000"));
                zookeeper.setConnectTimeout(millis(properties, "batch.cluster.zookeeper.connect-timeout", "5000"));
                return zookeeper;
            }
            default:
                throw new IllegalArgumentException("batch.cluster.service=" + service
                                                   + ": this version offers file (a folder all instances share)"
                                                   + " and zookeeper");
        }
    }

    private static long millis(PropertiesComponent properties, String key, String otherwise) {
        return Long.parseLong(property(properties, key, otherwise));
    }

    private static String property(PropertiesComponent properties, String key, String otherwise) {
        String value = properties.resolveProperty(key).orElse(null);
        if (value == null || value.isBlank()) {
            if (otherwise == null) {
                throw new IllegalArgumentException(key + " must be set when batch.cluster.enabled=true");
            }
            return otherwise;
        }
        return value.trim();
    }
}
