package io.github.batchaudience.integration.cluster;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Several instances of the integration ({@code batch.cluster.enabled=true}): the routes that must
 * run on one instance at a time (the inbox folder, the SFTP poll, the indexing status) take their
 * {@code from} behind Camel's {@code master:} endpoint, through the property
 * {@code batch.cluster.from} their URIs start with, and Camel's cluster service chosen by
 * {@code batch.cluster.service} elects the instance that runs them: {@code file} (camel-file's
 * FileLockClusterService, a lock in a shared folder), {@code zookeeper} (camel-zookeeper's
 * ZooKeeperClusterService) or {@code kubernetes} (camel-kubernetes' KubernetesClusterService on a
 * Lease). When the leader dies, another takes over once the service notices (file: its heartbeat
 * stopped for {@code acquire-lock-interval × heartbeat-timeout-multiplier}; zookeeper: its session
 * expired; kubernetes: its pod is no longer running and ready, then {@code lease-duration} more),
 * and resumes from the shared state. Off, nothing of this exists and the routes read as before.
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
            case "kubernetes":
                return kubernetes(properties, member);
            default:
                throw new IllegalArgumentException("batch.cluster.service=" + service
                                                   + ": this version offers file (a folder all instances share),"
                                                   + " zookeeper and kubernetes");
        }
    }

    private static KubernetesClusterService kubernetes(PropertiesComponent properties, String member) {
        String namespace = optional(properties, "batch.cluster.kubernetes.namespace");
        KubernetesConfiguration client = new KubernetesConfiguration();
        // Unset, fabric8's own configuration: in a pod, its service account.
        client.setMasterUrl(optional(properties, "batch.cluster.kubernetes.master-url"));
        client.setNamespace(namespace);
        KubernetesClusterService kubernetes = new KubernetesClusterService(client);
        kubernetes.setId(member);
        kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
        // Camel hands the namespace to its client only when a master URL is set: given here as well,
        // it places the Lease and the pod list in any case. Unset, the client's own (in a pod, the
        // service account's).
        kubernetes.setKubernetesResourcesNamespace(namespace);
        kubernetes.setKubernetesResourceName(property(properties, "batch.cluster.kubernetes.lease-prefix", "leaders"));
        // Camel counts as members the running, ready pods (with these labels) and takes this name as
        // ours among them; unset, the HOSTNAME variable, which Kubernetes sets to the pod's name.
        kubernetes.setPodName(optional(properties, "batch.cluster.kubernetes.pod-name"));
        kubernetes.setClusterLabels(labels(optional(properties, "batch.cluster.kubernetes.labels")));
        kubernetes.setLeaseDurationMillis(millis(properties, "batch.cluster.kubernetes.lease-duration", "15000"));
        kubernetes.setRenewDeadlineMillis(millis(properties, "batch.cluster.kubernetes.renew-deadline", "10000"));
        kubernetes.setRetryPeriodMillis(millis(properties, "batch.cluster.kubernetes.retry-period", "2000"));
        return kubernetes;
    }

    /** {@code key=value[,key=value…]}, or null (every pod of the namespace). */
    private static Map<String, String> labels(String list) {
        if (list == null) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : list.split(",")) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("batch.cluster.kubernetes.labels=" + list
                                                   + ": expected key=value[,key=value…]");
            }
            labels.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return labels;
    }

    private static long millis(PropertiesComponent properties, String key, String otherwise) {
        return Long.parseLong(property(properties, key, otherwise));
    }

    private static String optional(PropertiesComponent properties, String key) {
        String value = properties.resolveProperty(key).orElse(null);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String property(PropertiesComponent properties, String key, String otherwise) {
        String value = optional(properties, key);
        if (value == null) {
            if (otherwise == null) {
                throw new IllegalArgumentException(key + " must be set when batch.cluster.enabled=true");
            }
            return otherwise;
        }
        return value;
    }
}
