package io.github.batchaudience.integration;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** batch.cluster.*: off by default (nothing added), file on demand, the services not built yet refused. */
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
            camel.getPropertiesComponent().addInitialProperty("batch.cluster.service", "kubernetes");
            assertThatThrownBy(() -> ClusterSetup.configure(camel)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch.cluster.service=kubernetes").hasMessageContaining("offers file");
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
}
