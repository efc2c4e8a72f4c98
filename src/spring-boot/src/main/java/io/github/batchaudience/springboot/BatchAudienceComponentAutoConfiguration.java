package io.github.batchaudience.springboot;

import io.github.batchaudience.BatchAudienceComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.core.env.Environment;

/**
 * Configures every {@link BatchAudienceComponent} of the CamelContext from
 * {@code camel.component.batch-audience.*}, as Camel's own starters do for theirs: a
 * {@link ComponentCustomizer} that Camel applies when it creates the component.
 *
 * <p>{@code camel.component.enabled} / {@code camel.component.batch-audience.enabled} = false turn
 * the whole auto-configuration off, and {@code camel.component.customizer.enabled} /
 * {@code camel.component.batch-audience.customizer.enabled} = false keep the properties bound
 * but stop them being applied (for an application that configures the component itself). Like
 * Camel's starters, it configures every instance of the component class, also one an application
 * registers under a name of its own.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties(BatchAudienceComponentConfiguration.class)
@ConditionalOnHierarchicalProperties({"camel.component", "camel.component.batch-audience"})
public class BatchAudienceComponentAutoConfiguration {

    /** The bean-typed options given by name, {@code #bean:NAME}. */
    @Bean
    @ConfigurationPropertiesBinding
    static GenericConverter batchAudienceBeanReferences(ApplicationContext context) {
        return new BatchAudienceBeanReferences(context);
    }

    @Bean
    public ComponentCustomizer configureBatchAudienceComponent(Environment environment,
            BatchAudienceComponentConfiguration configuration) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                // Through the component's generated configurer, which knows the options that
                // live on its nested BatchAudienceConfiguration, and converts Durations to the
                // milliseconds the component keeps.
                CamelPropertiesHelper.copyProperties(target.getCamelContext(), configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                // Read at each component creation, not once, as Camel's starters do.
                return HierarchicalPropertiesEvaluator.evaluate(environment,
                        "camel.component.customizer", "camel.component.batch-audience.customizer")
                        && target instanceof BatchAudienceComponent;
            }
        };
    }

    /** Only with Actuator, whose env and configprops endpoints are what could show the keys. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class KeySanitizing {
        @Bean
        SanitizingFunction batchAudienceKeySanitizer(BatchAudienceComponentConfiguration configuration) {
            return new BatchAudienceKeySanitizer(configuration);
        }
    }
}
