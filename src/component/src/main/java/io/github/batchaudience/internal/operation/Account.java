package io.github.batchaudience.internal.operation;

import java.util.List;
import java.util.stream.Collectors;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.internal.client.BatchApiClient;
import io.github.batchaudience.internal.client.Destination;

/** One destination of an endpoint (an app of its apiKey, or its project) and what is known of its audiences. */
public record Account(Destination destination, IdTypeResolver idTypes) {

    public static List<Account> of(List<Destination> destinations, BatchAudienceConfiguration configuration) {
        return destinations.stream().map(d -> new Account(d, new IdTypeResolver(d.client(), configuration)))
                .collect(Collectors.toList());
    }

    public BatchApiClient client() {
        return destination.client();
    }

    /** The app's label, or null for a project. */
    public String app() {
        return destination.app();
    }
}
