package io.github.batchaudience;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.batchaudience.internal.client.BaseUrls;
import io.github.batchaudience.internal.client.ClientSettings;
import io.github.batchaudience.internal.client.Destination;
import io.github.batchaudience.internal.validation.AudienceNames;
import io.github.batchaudience.model.IdType;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.util.IOHelper;

/**
 * Every operation of Batch's Custom Audience API: create, update, replace, sync, view, list and
 * delete audiences of custom IDs, advertising IDs or install IDs, taking whole files or streams
 * and doing the chunking, de-duplication, validation, retries and indexing waits.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "batch-audience", title = "Batch Custom Audience",
             syntax = "batch-audience:operation/audienceName", category = { Category.MOBILE, Category.API },
             headersClass = BatchAudienceConstants.class)
public class BatchAudienceEndpoint extends ScheduledPollEndpoint {

    @UriPath(description = "The operation: create, update, replace, sync, view, list or delete.")
    @Metadata(required = true)
    private BatchAudienceOperation operation;

    @UriPath(description = "The audience's name, [A-Za-z0-9_-]{1,255}, case-sensitive. Required except for list.")
    private String audienceName;

    @UriParam
    private BatchAudienceConfiguration configuration;

    private List<Destination> destinations = List.of();

    public BatchAudienceEndpoint(String uri, BatchAudienceComponent component, BatchAudienceConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    /** Reads {@code operation[/audienceName]}. */
    void parsePath(String remaining) {
        String path = remaining == null ? "" : remaining;
        int slash = path.indexOf('/');
        String op = slash < 0 ? path : path.substring(0, slash);
        try {
            operation = BatchAudienceOperation.valueOf(op.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("batch-audience: unknown operation '" + op + "'; expected one of "
                                               + Arrays.toString(BatchAudienceOperation.values()));
        }
        if (slash >= 0) {
            audienceName = path.substring(slash + 1);
            AudienceNames.check(audienceName);
        }
    }

    @Override
    public BatchAudienceComponent getComponent() {
        return (BatchAudienceComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new BatchAudienceProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != BatchAudienceOperation.view && operation != BatchAudienceOperation.list) {
            throw new IllegalArgumentException("batch-audience consumers poll view/NAME or list, not " + operation);
        }
        if (operation == BatchAudienceOperation.view && audienceName == null) {
            throw new IllegalArgumentException("batch-audience:view needs an audience name to poll");
        }
        BatchAudienceConsumer consumer = new BatchAudienceConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        BatchAudienceConfiguration c = configuration;
        String baseUrl = BaseUrls.check(c.getBaseUrl(), c.isAllowInsecureHttp());
        List<ClientSettings> settings = ClientSettings.of(c, baseUrl);
        if (settings.get(0).projectKey() != null) {
            // A project's audiences hold custom IDs only: nothing to read from them to know it.
            if (c.getIdType() != null && c.getIdType() != IdType.custom_ids) {
                throw new IllegalArgumentException("the Audiences API (projectKey) holds custom_ids only, not "
                                                   + c.getIdType());
            }
            c.setIdType(IdType.custom_ids);
        }
        destinations = settings.stream().map(s -> Destination.of(s, getComponent().accounts()))
                .collect(Collectors.toList());
    }

    @Override
    protected void doStop() throws Exception {
        destinations.forEach(IOHelper::close);
        destinations = List.of();
        super.doStop();
    }

    /** Where requests go: each app of apiKey, in its order, or the project. */
    List<Destination> destinations() {
        return destinations;
    }

    public BatchAudienceOperation getOperation() {
        return operation;
    }

    /** The operation: create, update, replace, sync, view, list or delete. */
    public void setOperation(BatchAudienceOperation operation) {
        this.operation = operation;
    }

    public String getAudienceName() {
        return audienceName;
    }

    /** The audience's name, [A-Za-z0-9_-]{1,255}, case-sensitive. Required except for list. */
    public void setAudienceName(String audienceName) {
        this.audienceName = audienceName;
    }

    public BatchAudienceConfiguration getConfiguration() {
        return configuration;
    }

    /** The endpoint's options. */
    public void setConfiguration(BatchAudienceConfiguration configuration) {
        this.configuration = configuration;
    }
}
