package io.github.batchaudience.integration.events.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.batchaudience.integration.events.DeadLetter;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** What one poll brought: its batches, its dead letters so far, and the offset to commit per partition. */
final class KafkaPoll {
    final List<AudienceBatch> batches = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final Map<TopicPartition, KafkaManualCommit> commits = new LinkedHashMap<>();
    /** The first offset handed over of each partition: where a failed poll rewinds to without asking the brokers. */
    final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    Consumer<?, ?> consumer;
    /** Records camel-kafka handed over, counted before anything that may fail. */
    int handedOver;
    int records;
    int skipped;
    /** The first failure of a batch that may pass: the poll fails once all its batches have ended. */
    private Exception failure;

    synchronized void deadLetters(List<DeadLetter> letters) {
        deadLetters.addAll(letters);
    }

    synchronized void failed(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    synchronized Exception failure() {
        return failure;
    }
}
