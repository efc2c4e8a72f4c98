package io.github.batchaudience.integration.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.LineNumberAware;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The endpoint URIs of a YAML route file, as Camel's YAML DSL reads them: the routes' from and
 * every endpoint of their steps and of the route configurations' error handlers, with the URIs
 * that {@code parameters:} maps build, each with its line in the file.
 */
final class YamlEndpoints {

    /** An endpoint URI as written (placeholders unresolved) and where it is written. */
    record Use(Path file, int line, String uri) {

        @Override
        public String toString() {
            return file + ":" + line + " " + uri;
        }
    }

    private final CamelContext camel;

    /**
     * @param camel a context that is never started: the YAML's beans are only bound lazily in its
     *              registry, so that reading a route file creates none of them.
     */
    YamlEndpoints(CamelContext camel) {
        this.camel = camel;
        PluginHelper.getBeanPostProcessor(camel).setLazyBeanStrategy(bean -> true);
    }

    List<Use> read(Path file) throws Exception {
        try (YamlRoutesBuilderLoader loader = new YamlRoutesBuilderLoader()) {
            loader.setCamelContext(camel);
            loader.start();
            RoutesBuilder loaded = loader.loadRoutesBuilder(ResourceHelper.resolveResource(camel, "file:" + file));
            if (!(loaded instanceof RouteConfigurationBuilder builder)) {
                throw new IllegalStateException(file + ": the YAML DSL gave " + loaded.getClass());
            }
            List<Use> uses = new ArrayList<>();
            RoutesDefinition routes = builder.configureRoutes(camel);
            for (RouteDefinition route : routes.getRoutes()) {
                uses.add(use(file, route.getInput(), route.getInput().getEndpointUri()));
                collect(file, route.getOutputs(), uses);
            }
            collectHandlers(file, List.of(routes.getOnExceptions(), routes.getOnCompletions(), routes.getIntercepts(),
                    routes.getInterceptFroms(), routes.getInterceptSendTos()), uses);
            // Route configurations are read by a second pass of the DSL.
            builder.configuration();
            for (RouteConfigurationDefinition configuration : builder.getRouteConfigurationCollection().getRouteConfigurations()) {
                collectHandlers(file, List.of(configuration.getOnExceptions(), configuration.getOnCompletions(),
                        configuration.getIntercepts(), configuration.getInterceptFroms(), configuration.getInterceptSendTos()),
                        uses);
            }
            return uses;
        }
    }

    /** The endpoints of onException, onCompletion and intercept handlers, of a file or of a route configuration. */
    private static void collectHandlers(Path file, List<List<? extends ProcessorDefinition<?>>> handlers, List<Use> uses) {
        handlers.forEach(kind -> kind.forEach(handler -> collect(file, handler.getOutputs(), uses)));
    }

    private static void collect(Path file, List<ProcessorDefinition<?>> outputs, List<Use> uses) {
        for (EndpointRequiredDefinition endpoint : ProcessorDefinitionHelper.filterTypeInOutputs(outputs,
                EndpointRequiredDefinition.class)) {
            uses.add(use(file, endpoint, endpoint.getEndpointUri()));
        }
        for (ToDynamicDefinition endpoint : ProcessorDefinitionHelper.filterTypeInOutputs(outputs, ToDynamicDefinition.class)) {
            uses.add(use(file, endpoint, endpoint.getUri()));
        }
    }

    private static Use use(Path file, Object definition, String uri) {
        return new Use(file, ((LineNumberAware) definition).getLineNumber(), uri);
    }
}
