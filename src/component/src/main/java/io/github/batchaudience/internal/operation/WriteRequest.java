package io.github.batchaudience.internal.operation;

import java.util.List;

import io.github.batchaudience.BatchAudienceOperation;
import io.github.batchaudience.model.IdType;

/**
 * One exchange's write, as the producer read it from the message.
 *
 * @param idType       the type asked for (header or option), or null to read it from the audience
 * @param body         the message body: a file, stream, text, or objects
 * @param sourceName   the input's name for messages (a file name), or null
 * @param awaitTokens  earlier writes' tokens of the audience to see settled before this one
 * @param replaceAsked for sync: replace whatever the snapshot says
 */
public record WriteRequest(BatchAudienceOperation operation, String audience, IdType idType, Object body,
                           String sourceName, List<String> awaitTokens, boolean replaceAsked) {
}
