package io.github.batchaudience;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.batchaudience.internal.operation.WriteRequest;
import io.github.batchaudience.internal.support.Printable;
import io.github.batchaudience.model.IdType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** What a message asks of the producer: its headers, which win over the endpoint's URI and options. */
final class RequestHeaders {
    private RequestHeaders() {
    }

    static String audience(Message in, BatchAudienceEndpoint endpoint) {
        return in.getHeader(BatchAudienceConstants.AUDIENCE_NAME, endpoint.getAudienceName(), String.class);
    }

    static BatchAudienceOperation operation(Message in, BatchAudienceEndpoint endpoint) {
        Object header = in.getHeader(BatchAudienceConstants.OPERATION);
        if (header == null) {
            return endpoint.getOperation();
        }
        if (header instanceof BatchAudienceOperation) {
            return (BatchAudienceOperation) header;
        }
        return BatchAudienceOperation.valueOf(header.toString().trim().toLowerCase(Locale.ROOT));
    }

    /** The ID type asked for: the header, else the idType option, else null (read from the audience). */
    static IdType idType(Message in, BatchAudienceConfiguration configuration) {
        Object header = in.getHeader(BatchAudienceConstants.ID_TYPE);
        if (header == null || header.toString().isBlank()) {
            return configuration.getIdType();
        }
        if (header instanceof IdType) {
            return (IdType) header;
        }
        IdType parsed = IdType.fromApi(header.toString());
        if (parsed == null) {
            throw new IllegalArgumentException(BatchAudienceConstants.ID_TYPE + " must be custom_ids, advertising_ids or"
                                               + " install_ids, not '" + header + "'");
        }
        return parsed;
    }

    static WriteRequest write(Message in, BatchAudienceOperation operation, String audience, IdType idType) {
        // Every message that names the source (file, line, reason) gets it on one line.
        String sourceName = Printable.of(in.getHeader(BatchAudienceConstants.SOURCE_NAME,
                                                      in.getHeader(Exchange.FILE_NAME, String.class), String.class));
        boolean replaceAsked = Boolean.TRUE.equals(in.getHeader(BatchAudienceConstants.SYNC_REPLACE, Boolean.class));
        return new WriteRequest(operation, audience, idType, in.getBody(), sourceName, awaitTokens(in), replaceAsked);
    }

    private static List<String> awaitTokens(Message in) {
        Object header = in.getHeader(BatchAudienceConstants.AWAIT_TOKENS);
        if (header == null) {
            return List.of();
        }
        if (header instanceof Collection) {
            return ((Collection<?>) header).stream().map(String::valueOf).collect(Collectors.toList());
        }
        return List.of(header.toString().split(","));
    }
}
