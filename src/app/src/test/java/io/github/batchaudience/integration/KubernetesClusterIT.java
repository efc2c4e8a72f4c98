package io.github.batchaudience.integration;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.cluster.ClusterSetup;
import io.github.batchaudience.integration.testsupport.ChildJvm;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * batch.cluster.service=kubernetes against a Kubernetes API server in this JVM (fabric8's mock
 * server in CRUD mode, plain HTTP on loopback, which keeps resources and refuses an update whose
 * resourceVersion is stale, as the real one does): two instances set up by ClusterSetup elect one
 * leader through a Lease, and the other takes over once the leader's pod is no longer ready; the
 * calls they made are exactly what the manifest's Role grants; the integration, given the
 * manifest's cluster variables in its environment, leads through the Lease and takes inbox files.
 * What the mock does not do: expire anything, or mark a pod not ready by itself (the test does it,
 * as the kubelet would once the leader's container has died).
 */
class KubernetesClusterIT {
    private static final String NAMESPACE = "crm";
    private static final String SETUP_AGENT = "test-setup";
    private static final Map<String, String> LABELS = Map.of("app", "camel-batch-audience");
    /** Quick timings; Camel requires lease-duration > renew-deadline > 1.2 (its jitter) × retry-period. */
    private static final long RETRY_MS = 200;
    private static final long RENEW_MS = 1_000;
    private static final long LEASE_MS = 1_500;
    /** Beyond Camel's own delay (two retries and the lease duration): a loaded machine's slack. */
    private static final long MARGIN_MS = 5_000;
    private static final long WAIT_S = 120;

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = IntegrationHarness.emulatorExtension();

    /** The mock server logs every request at INFO (java.util.logging, which holds loggers weakly: kept here). */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    private static KubernetesMockServer server;
    /** The test's own client (its calls are left out of what the instances called). */
    private static KubernetesClient setup;

    @TempDir
    Path data;

    private final List<AutoCloseable> instances = new ArrayList<>();

    @BeforeAll
    static void startApiServer() {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                                          new KubernetesCrudDispatcher(), false);
        server.start();
        setup = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(apiUrl()).withNamespace(NAMESPACE)
                                                                 .withUserAgent(SETUP_AGENT).build()).build();
    }

    @AfterAll
    static void stopApiServer() {
        setup.close();
        server.destroy();
    }

    @BeforeEach
    void forgetCalls() throws InterruptedException {
        calls();
    }

    @AfterEach
    void stopInstances() throws Exception {
        for (AutoCloseable instance : instances) {
            instance.close();
        }
        setup.pods().inNamespace(NAMESPACE).delete();
        setup.leases().inNamespace(NAMESPACE).delete();
    }

    private static String apiUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Test
    void oneOfTwoInstancesLeadsThroughTheLeaseAndTheOtherTakesOverOnceTheLeadersPodIsNotReady() throws Exception {
        runningPod("pod-a", LABELS);
        runningPod("pod-b", LABELS);
        // Another application's pod in the namespace: not a member, with the labels set.
        runningPod("other-app", Map.of("app", "other"));
        Instance a = start("pod-a");
        await("pod-a leads").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> a.ticks.get() > 0);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("pod-a");
        Instance b = start("pod-b");
        await("pod-b sees pod-a lead").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> "pod-a".equals(b.leader()));
        assertThat(b.ticks.get()).isZero();

        a.close();
        // Camel keeps a leader while its pod is listed running and ready, renewed or not.
        await("pod-b still follows").during(Duration.ofMillis(3 * LEASE_MS)).atMost(Duration.ofSeconds(WAIT_S))
                .until(() -> b.ticks.get() == 0);
        long notReady = System.nanoTime();
        setup.pods().inNamespace(NAMESPACE).withName("pod-a").edit(p -> new PodBuilder(p).editStatus()
                .editMatchingCondition(c -> c.getType().equals("Ready")).withStatus("False").endCondition()
                .endStatus().build());
        long bound = (long) (2 * 1.2 * RETRY_MS) + LEASE_MS + MARGIN_MS;
        await("pod-b takes over").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> b.ticks.get() > 0);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - notReady);
        System.out.println("cluster takeover (kubernetes): " + took + " ms from the leader's pod not ready (bound "
                           + bound + " ms; lease-duration " + LEASE_MS + ", retry-period " + RETRY_MS + ")");
        assertThat(took).isBetween(LEASE_MS, bound);
        Lease lease = lease();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("pod-b");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);

        Role role = KubernetesManifestTest.only(KubernetesManifestTest.documents(), Role.class);
        Set<String> called = calls();
        assertThat(called).isEqualTo(KubernetesManifestTest.CLUSTER_SERVICE_CALLS);
        assertThat(called).allMatch(call -> KubernetesManifestTest.allows(role, call));
    }

    @Test
    void theIntegrationWithTheManifestsClusterVariablesLeadsThroughTheLeaseAndTakesInboxFiles() throws Exception {
        List<HasMetadata> manifest = KubernetesManifestTest.documents();
        Map<String, String> podLabels = KubernetesManifestTest.only(manifest, Deployment.class).getSpec().getTemplate()
                .getMetadata().getLabels();
        runningPod("pod-env", podLabels);
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : KubernetesManifestTest.container(manifest).getEnv()) {
            if (variable.getName().startsWith("BATCH_CLUSTER_")) {
                env.put(variable.getName(), variable.getValue());
            }
        }
        assertThat(env).containsEntry("BATCH_CLUSTER_SERVICE", "kubernetes");
        // What Kubernetes gives a pod; the API server's address the way fabric8 reads it outside a
        // pod (its own configuration, as in a pod, where it reads the service account instead).
        env.put("HOSTNAME", "pod-env");
        env.put("BATCH_KUBERNETES_NAMESPACE", NAMESPACE);
        env.put("KUBERNETES_MASTER", apiUrl());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        BatchEmulator emulator = BATCH.emulator();
        IntegrationHarness.createAudience(emulator, "k8s");
        Path log = data.resolve("pod-env.log");
        Process integration = ChildJvm.integration(emulator, data, List.of(
                "-Dbatch.cluster.kubernetes.retry-period=" + RETRY_MS, "-Dbatch.cluster.kubernetes.renew-deadline=" + RENEW_MS,
                "-Dbatch.cluster.kubernetes.lease-duration=" + LEASE_MS), env, log);
        instances.add(() -> integration.destroyForcibly().waitFor(30, TimeUnit.SECONDS));
        await("the integration leads").atMost(WAIT_S, TimeUnit.SECONDS)
                .until(() -> leaseHolder() != null || !integration.isAlive());
        assertThat(leaseHolder()).as(printed(log)).isEqualTo("pod-env");
        Files.writeString(Files.createDirectories(data.resolve("incoming")).resolve("k8s.update.csv"), "id\ninstall-1\n");
        Files.move(data.resolve("incoming/k8s.update.csv"), Files.createDirectories(data.resolve("inbox")).resolve("k8s.update.csv"));
        await("the file done").atMost(WAIT_S, TimeUnit.SECONDS).until(() -> Files.exists(data.resolve("done/k8s.update.csv")));
        assertThat(emulator.members("k8s")).map(BatchEmulator.Member::id).containsExactly("install-1");
        assertThat(calls()).isSubsetOf(KubernetesManifestTest.CLUSTER_SERVICE_CALLS);
    }

    // ---- helpers

    /** An instance of the integration's cluster setup: a Camel context with one route behind master:. */
    private Instance start(String pod) throws Exception {
        Instance instance = new Instance(pod);
        instances.add(instance);
        instance.camel.start();
        return instance;
    }

    private final class Instance implements AutoCloseable {
        final CamelContext camel = new DefaultCamelContext();
        final AtomicInteger ticks = new AtomicInteger();

        Instance(String pod) throws Exception {
            PropertiesComponent properties = camel.getPropertiesComponent();
            properties.addInitialProperty("batch.cluster.enabled", "true");
            properties.addInitialProperty("batch.cluster.service", "kubernetes");
            properties.addInitialProperty("batch.cluster.kubernetes.master-url", apiUrl());
            properties.addInitialProperty("batch.cluster.kubernetes.namespace", NAMESPACE);
            properties.addInitialProperty("batch.cluster.kubernetes.pod-name", pod);
            properties.addInitialProperty("batch.cluster.kubernetes.labels", "app=camel-batch-audience");
            properties.addInitialProperty("batch.cluster.kubernetes.retry-period", String.valueOf(RETRY_MS));
            properties.addInitialProperty("batch.cluster.kubernetes.renew-deadline", String.valueOf(RENEW_MS));
            properties.addInitialProperty("batch.cluster.kubernetes.lease-duration", String.valueOf(LEASE_MS));
            ClusterSetup.configure(camel);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("{{" + ClusterSetup.FROM + "}}timer:lease?period=50").process(e -> ticks.incrementAndGet());
                }
            });
        }

        String leader() throws Exception {
            return camel.hasService(KubernetesClusterService.class).getView("batch-audience").getLeader()
                    .map(m -> m.getId()).orElse(null);
        }

        @Override
        public void close() throws Exception {
            camel.close();
        }
    }

    /** A pod as the API lists it once its container runs and is ready. */
    private static void runningPod(String name, Map<String, String> labels) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
        setup.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    private static Lease lease() {
        return setup.leases().inNamespace(NAMESPACE).withName("leaders-batch-audience").get();
    }

    private static String leaseHolder() {
        Lease lease = lease();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /**
     * The calls made to the API server since the last time, but the test's own, as RBAC names them:
     * "group/resource verb" ("" for the core group).
     */
    private static Set<String> calls() throws InterruptedException {
        Set<String> calls = new HashSet<>();
        for (RecordedRequest r = server.takeRequest(0, TimeUnit.SECONDS); r != null; r = server.takeRequest(0, TimeUnit.SECONDS)) {
            if (SETUP_AGENT.equals(r.getHeader("User-Agent"))) {
                continue;
            }
            calls.add(rbacName(r.getMethod(), URI.create(r.getPath())));
        }
        return calls;
    }

    /** /api/v1/namespaces/NS/RESOURCE[/NAME] or /apis/GROUP/VERSION/namespaces/NS/RESOURCE[/NAME]. */
    private static String rbacName(String method, URI path) {
        String[] parts = path.getPath().substring(1).split("/");
        boolean core = parts[0].equals("api");
        String group = core ? "" : parts[1];
        int resourceAt = core ? 4 : 5;
        assertThat(parts[resourceAt - 2]).as(path.toString()).isEqualTo("namespaces");
        boolean named = parts.length > resourceAt + 1;
        String verb;
        switch (method) {
            case "GET":
                verb = named ? "get" : (path.getQuery() != null && path.getQuery().contains("watch=true") ? "watch" : "list");
                break;
            case "POST":
                verb = "create";
                break;
            case "PUT":
                verb = "update";
                break;
            case "PATCH":
                verb = "patch";
                break;
            case "DELETE":
                verb = named ? "delete" : "deletecollection";
                break;
            default:
                throw new AssertionError("unexpected call " + method + " " + path);
        }
        return group + "/" + parts[resourceAt] + " " + verb;
    }

    private static String printed(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
