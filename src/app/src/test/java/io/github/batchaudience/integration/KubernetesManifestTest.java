package io.github.batchaudience.integration;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.apache.camel.util.IOHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/camel-batch-audience.yaml, every document parsed with fabric8's model (the one
 * camel-kubernetes brings), no field unknown to it: the kinds, 3 replicas, the Role bound to the
 * Deployment's service account and granting what the cluster service calls, every variable one the
 * integration reads, every secret from a Secret. Not applied to a cluster: KubernetesClusterIT
 * runs its cluster settings against an in-process API server.
 */
class KubernetesManifestTest {
    static final Path MANIFEST = Path.of("deploy/kubernetes/camel-batch-audience.yaml");

    /**
     * What Camel's KubernetesClusterService calls on Leases (camel-kubernetes 4.18.0:
     * KubernetesLeadershipController, NativeLeaseResourceManager), as "group/resource verb";
     * KubernetesClusterIT records the calls of an election and a takeover and finds these.
     */
    static final Set<String> CLUSTER_SERVICE_CALLS = Set.of("coordination.k8s.io/leases get",
                                                            "coordination.k8s.io/leases create",
                                                            "coordination.k8s.io/leases update", "/pods list");

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|PASSWORD|PASSPHRASE|TOKEN|SECRET).*");

    static List<HasMetadata> documents() throws IOException {
        try (InputStream in = Files.newInputStream(MANIFEST)) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            return ((List<?>) parsed).stream().map(HasMetadata.class::cast).collect(Collectors.toList());
        }
    }

    static <T extends HasMetadata> T only(List<HasMetadata> documents, Class<T> kind) {
        List<T> found = documents.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
        assertThat(found).as(kind.getSimpleName() + " documents").hasSize(1);
        return found.get(0);
    }

    static Container container(List<HasMetadata> documents) {
        List<Container> containers = only(documents, Deployment.class).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** Whether one of the Role's rules allows this "group/resource verb". */
    static boolean allows(Role role, String call) {
        String[] groupResource = call.substring(0, call.indexOf(' ')).split("/", 2);
        String verb = call.substring(call.indexOf(' ') + 1);
        return role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains(groupResource[0])
                                                         && rule.getResources().contains(groupResource[1])
                                                         && rule.getVerbs().contains(verb));
    }

    @Test
    void everyDocumentIsAKindFabric8KnowsWithNoFieldItDoesNot() throws Exception {
        List<HasMetadata> documents = documents();
        assertThat(documents).map(HasMetadata::getKind)
                .containsExactlyInAnyOrder("ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim", "Deployment");
        for (HasMetadata document : documents) {
            assertThat(document).as(document.getKind()).isNotInstanceOf(GenericKubernetesResource.class);
            assertKnownFieldsOnly(document, document.getKind() + " " + document.getMetadata().getName());
        }
    }

    @Test
    void threeReplicasRunTheIntegrationAsReadmeDoes() throws Exception {
        List<HasMetadata> documents = documents();
        Deployment deployment = only(documents, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        Container container = container(documents);
        assertThat(container.getCommand()).hasSize(4).startsWith("java", "-jar").endsWith("run");
        assertThat(container.getCommand().get(2)).matches("target/camel-batch-audience-app-.+\\.jar");
        // The members Camel counts are this Deployment's pods.
        assertThat(labels(literal(container, "BATCH_CLUSTER_KUBERNETES_LABELS"))).isEqualTo(podLabels);
        assertThat(literal(container, "BATCH_CLUSTER_ENABLED")).isEqualTo("true");
        assertThat(literal(container, "BATCH_CLUSTER_SERVICE")).isEqualTo("kubernetes");
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("BATCH_KUBERNETES_NAMESPACE"))
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.namespace"));
        // A stopping leader is given the time Camel Main takes to shut down.
        long shutdown = Long.parseLong(configuration().getProperty("camel.main.shutdown-timeout"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(shutdown);
    }

    @Test
    void everyReplicaSharesTheDataFolder() throws Exception {
        List<HasMetadata> documents = documents();
        PodSpec pod = only(documents, Deployment.class).getSpec().getTemplate().getSpec();
        Container container = container(documents);
        VolumeMount mount = container.getVolumeMounts().get(0);
        // batch.data is relative to the working directory.
        assertThat(mount.getMountPath()).isEqualTo(container.getWorkingDir() + "/" + configuration().getProperty("batch.data"));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        PersistentVolumeClaim claim = only(documents, PersistentVolumeClaim.class);
        assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    }

    @Test
    void theRoleGrantsWhatTheClusterServiceCallsToTheDeploymentsServiceAccount() throws Exception {
        List<HasMetadata> documents = documents();
        ServiceAccount account = only(documents, ServiceAccount.class);
        Role role = only(documents, Role.class);
        RoleBinding binding = only(documents, RoleBinding.class);
        assertThat(only(documents, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(account.getMetadata().getName());
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
        });
        assertThat(CLUSTER_SERVICE_CALLS).allMatch(call -> allows(role, call));
        // Nothing more: every verb granted is one of those calls.
        Set<String> granted = new HashSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResourceNames()).isEmpty();
            rule.getApiGroups().forEach(g -> rule.getResources().forEach(r -> rule.getVerbs().forEach(
                    v -> granted.add(g + "/" + r + " " + v))));
        }
        assertThat(granted).isEqualTo(CLUSTER_SERVICE_CALLS);
    }

    @Test
    void everyVariableSetIsOneTheIntegrationReadsAndEverySecretComesFromASecret() throws Exception {
        Container container = container(documents());
        Set<String> read = variablesRead();
        for (EnvVar variable : container.getEnv()) {
            String name = variable.getName();
            assertThat(read).as("variables the integration reads").contains(name);
            if (SECRET_NAME.matcher(name).matches()) {
                assertThat(variable.getValue()).as(name).isNull();
                assertThat(variable.getValueFrom().getSecretKeyRef()).as(name + " from a Secret").isNotNull();
                assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isNotBlank();
            }
        }
        assertThat(container.getEnv()).map(EnvVar::getName)
                .contains("BATCH_API_KEY", "BATCH_REST_API_KEY", "BATCH_STATE_JDBC_PASSWORD");
        // Nor any variable Kubernetes would add for the namespace's Services (BATCH_SFTP_PORT=tcp://…).
        assertThat(only(documents(), Deployment.class).getSpec().getTemplate().getSpec().getEnableServiceLinks()).isFalse();
    }

    /**
     * The variables the integration reads: those its configuration and routes name
     * ({{env:NAME}}), and, since Camel's properties look up a setting's variable before the file
     * (batch.cluster.enabled: BATCH_CLUSTER_ENABLED), those of the settings of its configuration.
     */
    private static Set<String> variablesRead() throws IOException {
        Set<String> read = new HashSet<>();
        List<Path> files = new ArrayList<>(List.of(Path.of("config/application.properties")));
        try (DirectoryStream<Path> routes = Files.newDirectoryStream(Path.of("routes"), "*.yaml")) {
            routes.forEach(files::add);
        }
        for (Path file : files) {
            Matcher m = ENV_PLACEHOLDER.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                read.add(m.group(1));
            }
        }
        configuration().stringPropertyNames().forEach(key -> read.add(IOHelper.normalizeEnvironmentVariable(key)));
        return read;
    }

    private static Properties configuration() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("config/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private static String literal(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not set"));
    }

    private static Map<String, String> labels(String list) {
        return Arrays.stream(list.split(",")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0].trim(), kv -> kv[1].trim()));
    }

    /**
     * fabric8's model keeps a field it does not know in additionalProperties instead of refusing
     * it: a misspelt field (replica: 3) would parse. Every model object met must have none.
     */
    private static void assertKnownFieldsOnly(Object node, String where) throws ReflectiveOperationException {
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                assertKnownFieldsOnly(item, where + "[" + i++ + "]");
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                assertKnownFieldsOnly(entry.getValue(), where + "." + entry.getKey());
            }
            return;
        }
        if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                || getter.getDeclaringClass() == Object.class || Modifier.isStatic(getter.getModifiers())) {
                continue;
            }
            Object value = getter.invoke(node);
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as(where + ": fields fabric8's model does not know").isEmpty();
            } else {
                assertKnownFieldsOnly(value, where + "." + getter.getName().substring(3));
            }
        }
    }
}
