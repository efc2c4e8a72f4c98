package io.github.batchaudience;

import org.apache.camel.spi.Metadata;

/** Message headers of the batch-audience component. */
public final class BatchAudienceConstants {

    @Metadata(label = "producer", description = "Overrides the endpoint's operation for this message.",
              javaType = "io.github.batchaudience.BatchAudienceOperation")
    public static final String OPERATION = "CamelBatchAudienceOperation";

    @Metadata(label = "producer", description = "Overrides the endpoint's audience name for this message.",
              javaType = "String")
    public static final String AUDIENCE_NAME = "CamelBatchAudienceName";

    @Metadata(label = "producer", description = "Overrides the idType option for this message (custom_ids, advertising_ids or install_ids).",
              javaType = "io.github.batchaudience.model.IdType")
    public static final String ID_TYPE = "CamelBatchAudienceIdType";

    @Metadata(label = "producer", description = "Out: the indexing token of the last write request of the exchange."
                                                + " In, on view: the token whose indexing state to report.",
              javaType = "String")
    public static final String INDEXING_TOKEN = "CamelBatchAudienceIndexingToken";

    @Metadata(label = "producer", description = "Every indexing token of the exchange's write requests, in the order they were sent.",
              javaType = "java.util.List<String>")
    public static final String INDEXING_TOKENS = "CamelBatchAudienceIndexingTokens";

    @Metadata(label = "producer", description = "The name the body's text is reported under (file, line, reason). Falls back to CamelFileName.",
              javaType = "String")
    public static final String SOURCE_NAME = "CamelBatchAudienceSourceName";

    @Metadata(label = "producer", description = "On sync: true replaces the audience with the body instead of sending"
                                                + " the difference from the last snapshot, for this message.",
              javaType = "Boolean")
    public static final String SYNC_REPLACE = "CamelBatchAudienceSyncReplace";

    @Metadata(label = "producer", description = "On update, replace and sync: indexing tokens of earlier writes of"
                                                + " this audience (kept across a restart, for instance) that must be"
                                                + " settled before this exchange sends anything. Writes made through"
                                                + " the same component are waited for without it.",
              javaType = "java.util.List<String>")
    public static final String AWAIT_TOKENS = "CamelBatchAudienceAwaitTokens";

    @Metadata(label = "producer", description = "With several app keys (apiKey=K1,K2): on create, view, list and"
                                                + " delete, only the app named so (the last four characters of its key,"
                                                + " as the result's app says, e.g. …3f9a), for instance to view a"
                                                + " token that app issued.",
              javaType = "String")
    public static final String APP = "CamelBatchAudienceApp";

    private BatchAudienceConstants() {
    }
}
