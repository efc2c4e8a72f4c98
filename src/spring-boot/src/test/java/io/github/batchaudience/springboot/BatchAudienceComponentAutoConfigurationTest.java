package io.github.batchaudience.springboot;

import java.util.Map;

import io.github.batchaudience.BatchAudienceComponent;
import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.InvalidRowsPolicy;
import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.model.IdType;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration in a real Spring context with Camel's own auto-configuration. */
class BatchAudienceComponentAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, BatchAudienceComponentAutoConfiguration.class));

    @Test
    void bindsRelaxedNamesAndPlaceholdersOntoTheComponent() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        // Named as Spring Boot names the process environment, so that it maps
                        // CAMEL_COMPONENT_BATCHAUDIENCE_PARALLELREQUESTS as it would a real variable.
                        new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of(
                                "CAMEL_COMPONENT_BATCHAUDIENCE_PARALLELREQUESTS", "4",
                                "TEST_BATCH_API_KEY", "app-key-from-env"))))
                .withPropertyValues(
                        "camel.component.batch-audience.api-key=${TEST_BATCH_API_KEY}",
                        "camel.component.batch-audience.restApiKey=rest-key-camel-case",
                        "camel.component.batch-audience.base-url=${TEST_BASE_URL:http://127.0.0.1:9}",
                        "camel.component.batch-audience.id-type=INSTALL_IDS",
                        "camel.component.batch-audience.invalid-rows=fail",
                        "camel.component.batch-audience.indexing-timeout=2m",
                        "camel.component.batch-audience.initial-backoff=750",
                        "camel.component.batch-audience.max-removal-percent=12.5",
                        "camel.component.batch-audience.lazy-start-producer=true")
                .run(context -> {
                    BatchAudienceComponent component = component(context.getBean(CamelContext.class));
                    BatchAudienceConfiguration configuration = component.getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("app-key-from-env");
                    assertThat(configuration.getRestApiKey()).isEqualTo("rest-key-camel-case");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://127.0.0.1:9");
                    assertThat(configuration.getParallelRequests()).isEqualTo(4);
                    assertThat(configuration.getIdType()).isEqualTo(IdType.install_ids);
                    assertThat(configuration.getInvalidRows()).isEqualTo(InvalidRowsPolicy.fail);
                    assertThat(configuration.getIndexingTimeout()).isEqualTo(120_000L);
                    assertThat(configuration.getInitialBackoff()).as("a plain number is milliseconds").isEqualTo(750L);
                    assertThat(configuration.getMaxRemovalPercent()).isEqualTo(12.5);
                    assertThat(component.isLazyStartProducer()).isTrue();
                    assertThat(configuration.getBatchSize()).as("untouched default").isEqualTo(10_000);
                });
    }

    @Test
    void bindsAProjectKeyAndSeveralAppKeys() {
        runner.withPropertyValues("camel.component.batch-audience.project-key=${TEST_PROJECT_KEY:project_abc}",
                                  "camel.component.batch-audience.api-version=2.9",
                                  "camel.component.batch-audience.rest-api-key=rest")
                .run(context -> {
                    BatchAudienceConfiguration configuration = component(context.getBean(CamelContext.class))
                            .getConfiguration();
                    assertThat(configuration.getProjectKey()).isEqualTo("project_abc");
                    assertThat(configuration.getApiVersion()).isEqualTo("2.9");
                    assertThat(configuration.getApiKey()).isNull();
                });
        runner.withPropertyValues("camel.component.batch-audience.api-key=${IOS:ios-key},${ANDROID:android-key}")
                .run(context -> assertThat(component(context.getBean(CamelContext.class)).getConfiguration()
                                                   .getApiKey()).isEqualTo("ios-key,android-key"));
    }

    @Test
    void aSnapshotRepositoryBeanIsNamedByReference() {
        SnapshotRepository repository = new SnapshotRepository() {
            @Override
            public Stored find(String key) {
                return null;
            }

            @Override
            public Pending create(String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean wasInterrupted(String key) {
                return false;
            }

            @Override
            public Lock lock(String key) {
                return () -> { };
            }
        };
        runner.withBean("sharedSnapshots", SnapshotRepository.class, () -> repository)
                .withPropertyValues("camel.component.batch-audience.snapshot-repository=#bean:sharedSnapshots")
                .run(context -> assertThat(component(context.getBean(CamelContext.class)).getConfiguration()
                                                   .getSnapshotRepository()).isSameAs(repository));
    }

    @Test
    void theComponentsOwnSwitchTurnsTheAutoConfigurationOff() {
        runner.withPropertyValues("camel.component.batch-audience.enabled=false",
                        "camel.component.batch-audience.api-key=ignored")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(BatchAudienceComponentConfiguration.class)
                            .doesNotHaveBean(ComponentCustomizer.class);
                    assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isNull();
                });
    }

    @Test
    void theCustomizerSwitchesLeaveTheComponentAloneTheMostSpecificWinning() {
        runner.withPropertyValues("camel.component.batch-audience.customizer.enabled=false",
                        "camel.component.batch-audience.api-key=not-applied")
                .run(context -> {
                    assertThat(context).hasSingleBean(BatchAudienceComponentConfiguration.class);
                    assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isNull();
                });
        runner.withPropertyValues("camel.component.customizer.enabled=false",
                        "camel.component.batch-audience.customizer.enabled=true",
                        "camel.component.batch-audience.api-key=applied")
                .run(context -> assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey())
                        .isEqualTo("applied"));
    }

    @Test
    void aSecondInstanceUnderItsOwnNameIsConfiguredToo() {
        // As with Camel's own starters: the customizer goes by the component's class, not its name.
        runner.withBean("batch-audience-eu", BatchAudienceComponent.class, BatchAudienceComponent::new)
                .withPropertyValues("camel.component.batch-audience.api-key=shared")
                .run(context -> assertThat(context.getBean(CamelContext.class)
                        .getComponent("batch-audience-eu", BatchAudienceComponent.class).getConfiguration().getApiKey())
                        .isEqualTo("shared"));
    }

    @Test
    void worksWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
                .withPropertyValues("camel.component.batch-audience.api-key=k")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("batchAudienceKeySanitizer");
                    assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isEqualTo("k");
                });
    }

    private static BatchAudienceComponent component(CamelContext camelContext) {
        return camelContext.getComponent("batch-audience", BatchAudienceComponent.class);
    }
}
