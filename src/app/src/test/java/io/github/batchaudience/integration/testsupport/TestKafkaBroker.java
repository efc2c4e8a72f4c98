package io.github.batchaudience.integration.testsupport;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import kafka.server.BrokerServer;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A one-node Kafka cluster in this JVM (KRaft, broker and controller combined, Kafka's own test
 * kit at the version of the clients camel-kafka uses), listening on free loopback ports, its data
 * in a temporary folder removed on close. Other JVMs on this machine (the integration started as
 * a child process) reach it at {@link #bootstrapServers()} as long as this JVM runs.
 *
 * <p>Optionally with SASL/PLAIN on the clients' listener: one user and password, which
 * {@link #clientProperties()} and {@link #jaasConfig()} give.
 */
public final class TestKafkaBroker implements AutoCloseable {
    private static final String LISTENER = "EXTERNAL";

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final String user;
    private final String password;
    private final Admin admin;

    private TestKafkaBroker(KafkaClusterTestKit cluster, String user, String password) {
        this.cluster = cluster;
        this.user = user;
        this.password = password;
        BrokerServer broker = cluster.brokers().values().iterator().next();
        bootstrapServers = "127.0.0.1:" + broker.boundPort(cluster.nodes().externalListenerName());
        admin = Admin.create(clientProperties());
    }

    /** A broker without authentication (PLAINTEXT). */
    public static TestKafkaBroker start() throws Exception {
        return start(null, null);
    }

    /**
     * A broker whose clients must log in with SASL/PLAIN as this user (SASL_PLAINTEXT): the same
     * credentials serve the broker's own connections to itself.
     */
    public static TestKafkaBroker startWithSasl(String user, String password) throws Exception {
        return start(user, password);
    }

    private static TestKafkaBroker start(String user, String password) throws Exception {
        // Free ports, chosen by the system.
        return start(user, password, 0);
    }

    /**
     * A broker without authentication whose clients' listener keeps its port across
     * {@link #stopBroker()} and {@link #startBroker()}: a broker outage on demand.
     */
    public static TestKafkaBroker startRestartable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        return start(null, null, port);
    }

    /** Stops the broker (the controller goes on): its clients' connections are refused until {@link #startBroker()}. */
    public void stopBroker() {
        BrokerServer broker = cluster.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts the stopped broker again, on the same port, with the same data. */
    public void startBroker() {
        cluster.brokers().values().iterator().next().startup();
    }

    private static TestKafkaBroker start(String user, String password, int port) throws Exception {
        quietServerLogs();
        // The metadata version of a released 3.9 broker (the test kit would take the newest, unstable one).
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.LATEST_PRODUCTION).build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                // Loopback only; the controller on a free port.
                .setConfigProp("listeners", LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                // A consumer group's first member starts at once rather than after 3 s.
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                // The integration's consumers shorten their session timeout in tests.
                .setConfigProp("group.min.session.timeout.ms", "1000")
                .setConfigProp("unstable.feature.versions.enable", "false")
                .setConfigProp("unstable.api.versions.enable", "false");
        if (user != null) {
            builder.setConfigProp("listener.security.protocol.map", LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                    .setConfigProp("sasl.enabled.mechanisms", "PLAIN")
                    .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                    // The broker logs in to itself as the user, and accepts that user only.
                    .setConfigProp("listener.name.external.plain.sasl.jaas.config",
                                   "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                                   + "\" password=\"" + password + "\" user_" + user + "=\"" + password + "\";");
        }
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new TestKafkaBroker(cluster, user, password);
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static String plainJaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
               + "\" password=\"" + password + "\";";
    }

    /** The broker's INFO lines (hundreds at start) would drown the test's output: WARN and up. */
    private static void quietServerLogs() {
        for (String logger : List.of("kafka", "org.apache.kafka.server", "org.apache.kafka.controller",
                                     "org.apache.kafka.raft", "org.apache.kafka.metadata", "org.apache.kafka.image",
                                     "org.apache.kafka.storage", "org.apache.kafka.coordinator",
                                     "org.apache.kafka.queue", "org.apache.kafka.snapshot", "state.change.logger")) {
            org.apache.logging.log4j.core.config.Configurator.setLevel(logger, org.apache.logging.log4j.Level.WARN);
        }
    }

    /** host:port of the broker, on 127.0.0.1. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The JAAS configuration a client logs in with (SASL brokers only). */
    public String jaasConfig() {
        if (user == null) {
            throw new IllegalStateException("this broker has no SASL listener");
        }
        return plainJaas(user, password);
    }

    /** What a client needs to connect (the bootstrap servers and, with SASL, the login). */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (user != null) {
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "PLAIN");
            p.put("sasl.jaas.config", jaasConfig());
        }
        return p;
    }

    /**
     * The integration's properties for its Kafka source on this broker: events from {@code topic},
     * dead letters to {@code topic.dlq}, consumer group {@code group}; short waits and a short
     * session timeout (an instance killed is replaced within seconds). The brokers are given as
     * {@code batch.kafka.brokers}; a child JVM may take them from BATCH_KAFKA_BROKERS instead.
     */
    public Map<String, String> sourceProperties(String topic, String group) {
        Map<String, String> p = new HashMap<>();
        p.put("batch.kafka.enabled", "true");
        p.put("batch.kafka.brokers", bootstrapServers);
        p.put("batch.kafka.topic", topic);
        p.put("batch.kafka.dlq", topic + ".dlq");
        p.put("batch.kafka.group", group);
        p.put("batch.kafka.quiet-period", "200");
        p.put("batch.kafka.max-wait", "2000");
        p.put("batch.kafka.retry-delay", "100");
        p.put("batch.kafka.retry-max-delay", "400");
        p.put("camel.component.kafka.session-timeout-ms", "4000");
        p.put("camel.component.kafka.heartbeat-interval-ms", "1000");
        if (user != null) {
            p.put("batch.kafka.security-protocol", "SASL_PLAINTEXT");
            p.put("batch.kafka.sasl-mechanism", "PLAIN");
            p.put("batch.kafka.sasl-jaas-config", jaasConfig());
        }
        return p;
    }

    /** Creates a topic with this many partitions (replication factor 1), and waits until it exists. */
    public void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    /** Sends records (key, value) to a topic in order, and waits until the broker has them all. */
    public void send(String topic, List<Map.Entry<String, String>> records) throws Exception {
        Properties p = clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (Map.Entry<String, String> r : records) {
                producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue()));
            }
            producer.flush();
        }
    }

    /** Every record of a topic from the beginning, read until {@code atLeast} came or the timeout passed. */
    public List<ConsumerRecord<String, String>> read(String topic, int atLeast, Duration timeout) {
        Properties p = clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Whatever else is there already.
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** The sum over a topic's partitions of their end offsets: how many records it ever held. */
    public long endOffsets(String topic) throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        return ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** The offsets a consumer group committed on a topic, by partition (partitions without a commit left out). */
    public Map<TopicPartition, Long> committed(String group, String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
        Map<TopicPartition, Long> byPartition = new HashMap<>();
        offsets.forEach((tp, o) -> {
            if (o != null && tp.topic().equals(topic)) {
                byPartition.put(tp, o.offset());
            }
        });
        return byPartition;
    }

    /** The sum of a group's committed offsets on a topic: how many of its records the group is done with. */
    public long committedTotal(String group, String topic) throws ExecutionException, InterruptedException {
        return committed(group, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The client IDs of the group's members that hold at least one partition, and how many each holds. */
    public Map<String, Integer> assignments(String group) throws ExecutionException, InterruptedException {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        Map<String, Integer> members = new HashMap<>();
        d.members().forEach(m -> {
            if (!m.assignment().topicPartitions().isEmpty()) {
                members.put(m.consumerId(), m.assignment().topicPartitions().size());
            }
        });
        return members;
    }

    private Set<TopicPartition> partitions(String topic) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
    }

    /** The partition Kafka's default partitioner gives a key, on a topic of this many partitions. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Audience names {@code PREFIX-N}, one in each partition of a topic of this many. */
    public static List<String> keysInDistinctPartitions(String prefix, int partitions) {
        Map<Integer, String> byPartition = new LinkedHashMap<>();
        for (int i = 0; byPartition.size() < partitions; i++) {
            byPartition.putIfAbsent(partitionOf(prefix + "-" + i, partitions), prefix + "-" + i);
        }
        return List.copyOf(byPartition.values());
    }

    /** Admin operations on the cluster, for tests that need more than the above. */
    public Admin admin() {
        return admin;
    }

    @Override
    public void close() throws Exception {
        admin.close(Duration.ofSeconds(5));
        cluster.close();
    }
}
