package io.github.batchaudience.integration.cluster;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * batch.cluster.*: off by default (nothing added), each service configured from its settings,
 * an unknown one refused. The services at work: ClusterTakeoverIT, KubernetesClusterIT.
 */
class ClusterSetupTest {
    @Test
    void offByDefaultNothingIsAdded() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            ClusterSetup.configure(camel);
            assertThat(camel.hasServices(CamelClusterService.class)).isEmpty();
            assertThat(camel.getPropertiesComponent().resolveProperty(ClusterSetup.FROM)).isEmpty();
        }
    }

    @Test
    void aServiceThisVersionDoesNotOfferIsRefusedAtStart() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("batch.cluster.enabled", "true");
            camel.getPropertiesComponent().addInitialProperty("batch.cluster.service", "consul");
            assertThatThrownBy(() -> ClusterSetup.configure(camel)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch.cluster.service=consul").hasMessageContaining("offers file");
        }
    }

    @Test
    void kubernetesTakesALeaseWithTheSettingsGiven() throws Exception {
        try (CamelContext camel = kubernetes(Map.of(
                "namespace", "crm", "master-url", "https://10.0.0.1:6443", "lease-prefix", "audience",
                "pod-name", "camel-batch-audience-7d9f-x2k4q", "labels", "app=camel-batch-audience, tier=sync",
                "lease-duration", "30000", "renew-deadline", "20000", "retry-period", "4000"))) {
            ClusterSetup.configure(camel);
            KubernetesClusterService kubernetes = camel.hasService(KubernetesClusterService.class);
            assertThat(kubernetes.getLeaseResourceType()).isEqualTo(LeaseResourceType.Lease);
            assertThat(kubernetes.getKubernetesResourcesNamespace()).isEqualTo("crm");
            assertThat(kubernetes.getKubernetesResourceName()).isEqualTo("audience");
            assertThat(kubernetes.getPodName()).isEqualTo("camel-batch-audience-7d9f-x2k4q");
            assertThat(kubernetes.getClusterLabels()).containsExactly(Map.entry("app", "camel-batch-audience"),
                                                                      Map.entry("tier", "sync"));
            assertThat(kubernetes.getLeaseDurationMillis()).isEqualTo(30_000);
            assertThat(kubernetes.getRenewDeadlineMillis()).isEqualTo(20_000);
            assertThat(kubernetes.getRetryPeriodMillis()).isEqualTo(4_000);
            assertThat(camel.getPropertiesComponent().resolveProperty(ClusterSetup.FROM)).contains("master:batch-audience:");
        }
    }

    @Test
    void kubernetesDefaultsAreCamelsAndThePodsOwn() throws Exception {
        try (CamelContext camel = kubernetes(Map.of())) {
            ClusterSetup.configure(camel);
            KubernetesClusterService kubernetes = camel.hasService(KubernetesClusterService.class);
            assertThat(kubernetes.getLeaseResourceType()).isEqualTo(LeaseResourceType.Lease);
            // Left to the client (the service account's namespace) and to Camel (HOSTNAME).
            assertThat(kubernetes.getKubernetesResourcesNamespace()).isNull();
            assertThat(kubernetes.getPodName()).isNull();
            assertThat(kubernetes.getClusterLabels()).isNull();
            assertThat(kubernetes.getKubernetesResourceName()).isEqualTo("leaders");
            assertThat(kubernetes.getLeaseDurationMillis()).isEqualTo(15_000);
            assertThat(kubernetes.getRenewDeadlineMillis()).isEqualTo(10_000);
            assertThat(kubernetes.getRetryPeriodMillis()).isEqualTo(2_000);
        }
    }

    @Test
    void kubernetesLabelsMustBeKeyValuePairs() throws Exception {
        try (CamelContext camel = kubernetes(Map.of("labels", "camel-batch-audience"))) {
            assertThatThrownBy(() -> ClusterSetup.configure(camel)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch.cluster.kubernetes.labels=camel-batch-audience");
        }
    }

    @Test
    void zookeeperNeedsItsUrl() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("batch.cluster.enabled", "true");
            camel.getPropertiesComponent().addInitialProperty("batch.cluster.service", "zookeeper");
            assertThatThrownBy(() -> ClusterSetup.configure(camel)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch.cluster.zookeeper.url must be set");
        }
    }

    @Test
    void theFileServiceNeedsItsSharedFolder() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("batch.cluster.enabled", "true");
            assertThatThrownBy(() -> ClusterSetup.configure(camel)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch.cluster.root must be set");
        }
    }

    /** A context with batch.cluster.service=kubernetes and these batch.cluster.kubernetes.* settings. */
    private static CamelContext kubernetes(Map<String, String> settings) {
        CamelContext camel = new DefaultCamelContext();
        PropertiesComponent properties = camel.getPropertiesComponent();
        properties.addInitialProperty("batch.cluster.enabled", "true");
        properties.addInitialProperty("batch.cluster.service", "kubernetes");
        settings.forEach((key, value) -> properties.addInitialProperty("batch.cluster.kubernetes." + key, value));
        return camel;
    }
}
