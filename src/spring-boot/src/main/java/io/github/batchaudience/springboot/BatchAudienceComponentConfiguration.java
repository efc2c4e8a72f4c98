package io.github.batchaudience.springboot;

import java.time.Duration;

import io.github.batchaudience.InputFormat;
import io.github.batchaudience.InvalidRowsPolicy;
import io.github.batchaudience.SharedLimits;
import io.github.batchaudience.SnapshotRepository;
import io.github.batchaudience.model.IdType;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The batch-audience component's options, bound from {@code camel.component.batch-audience.*}.
 * Every endpoint starts from these and its URI options override them.
 *
 * <p>One field per option of the component's JSON ({@code BatchAudienceComponentConfigurationTest}
 * fails when one is missing); the javadoc of each field becomes its description in
 * {@code spring-configuration-metadata.json}. Durations are {@link Duration}s, so that
 * {@code 10s} or {@code 2m} work as they do in Camel's own configuration; a plain number is
 * milliseconds, as in the component.
 */
@ConfigurationProperties(prefix = "camel.component.batch-audience")
public class BatchAudienceComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * The app's Live, Dev or SDK API key, for the Custom Audience API 1.x (Batch's Mobile
     * Engagement Platform). It goes in the request path and is never shown in logs, exception
     * messages or the endpoint URI. Several keys, separated by commas, keep one audience in
     * several apps. Set this or project-key; an endpoint's own setting wins.
     */
    private String apiKey;

    /**
     * The project key, for the Audiences API 2.x (Batch's Customer Engagement Platform), sent as
     * the X-Batch-Project header. It identifies the project and is not a secret. Set this or
     * api-key; an endpoint's own setting wins.
     */
    private String projectKey;

    /** The Audiences API version in the request path (with project-key), 2.1 to 2.11. */
    private String apiVersion = "2.11";

    /**
     * The company's REST API key: the X-Authorization header of the Custom Audience API, the
     * bearer token of the Audiences API. Never shown. Required.
     */
    private String restApiKey;

    /**
     * The API's base URL, without version or key. Plain http is refused unless the host is a
     * loopback address (an emulator) or allow-insecure-http is set.
     */
    private String baseUrl = "https://api.batch.com";

    /** Allow a plain-http base-url on a non-loopback host: the keys would travel in clear. */
    private boolean allowInsecureHttp = false;

    /**
     * The audience's ID type, which picks the API version (1.0 for custom_ids and
     * advertising_ids, 1.1 for install_ids). When unset, it is read once from the audience (view).
     */
    private IdType idType;

    /** The most IDs in one request, 1 to 10,000. */
    private int batchSize = 10_000;

    /** A request is also cut when its JSON body would pass this many bytes. */
    private int maxRequestBytes = 8_388_608;

    /**
     * How many write requests may be in flight at once: for one exchange, and for one Batch
     * account across every endpoint (the smallest number asked holds).
     */
    private int parallelRequests = 2;

    /**
     * The most requests per second sent to one Batch account (an app or a project), by every
     * endpoint together (0: unlimited); the strictest rate asked holds.
     */
    private double maxRequestsPerSecond = 0.0;

    /**
     * How many times a request is tried in all before its failure is final. 429, 500, 503 and
     * I/O failures are retried; other 4xx never are.
     */
    private int maxAttempts = 6;

    /** The wait before the first retry; it doubles on each retry, with jitter. */
    private Duration initialBackoff = Duration.ofMillis(500);

    /** The longest wait between two attempts, also the cap on a server's Retry-After. */
    private Duration maxBackoff = Duration.ofSeconds(30);

    /** How long to wait for a connection to the API. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** How long to wait for the API's response to one request. */
    private Duration requestTimeout = Duration.ofSeconds(120);

    /** Create the audience (with id-type and description) when a write finds it missing. */
    private boolean autoCreate = false;

    /** The description given to audiences made by create or auto-create. */
    private String description;

    /**
     * Return only once every indexing token of the exchange is APPLIED (or fail at
     * indexing-timeout).
     */
    private boolean waitForIndexing = false;

    /** How long wait-for-indexing (and replace across chunks) waits for a token to be APPLIED. */
    private Duration indexingTimeout = Duration.ofMinutes(10);

    /**
     * The longest wait between two looks at an indexing token's state while waiting for it; the
     * first looks come sooner (50 ms after the write's answer, then doubling up to this).
     */
    private Duration indexingPollInterval = Duration.ofSeconds(1);

    /**
     * What happens to rows that fail local validation: reject leaves them out and reports each;
     * fail fails the exchange before anything is sent.
     */
    private InvalidRowsPolicy invalidRows = InvalidRowsPolicy.reject;

    /** The format of a text body: auto (from the file name, else from the content), csv or jsonl. */
    private InputFormat inputFormat = InputFormat.auto;

    /** Read, validate and compute everything, report it, but send no write request. */
    private boolean dryRun = false;

    /**
     * Where sync keeps its snapshot of each audience (one file per base URL, app key and
     * audience). Required by sync, which refuses to run without it: the component writes no file
     * where the application did not ask.
     */
    private String stateDirectory;

    /**
     * Where sync keeps its snapshots instead of files in the stateDirectory: a repository that
     * several instances of an application share, so that any of them can sync an audience and
     * no two at once (see SnapshotRepository). The option is a
     * io.github.batchaudience.SnapshotRepository type, given as #bean:NAME.
     */
    private SnapshotRepository snapshotRepository;

    /**
     * Where maxRequestsPerSecond and parallelRequests are held together with other JVMs writing
     * to the same Batch accounts, such as the replicas of an application (see SharedLimits);
     * unset, each JVM holds them on its own. The option is a io.github.batchaudience.SharedLimits
     * type, given as #bean:NAME.
     */
    private SharedLimits sharedLimits;

    /**
     * A sync that would remove more than this share of the audience (in percent) is refused
     * before anything is sent, so that an empty or truncated export cannot wipe an audience by
     * accident.
     */
    private double maxRemovalPercent = 50.0;

    /**
     * A sync whose snapshot is older than this replaces the audience instead of sending the
     * difference: the API cannot list members, so a change made elsewhere that keeps the
     * audience's size is otherwise never seen. 0 (the default) trusts a snapshot of any age.
     */
    private Duration maxSnapshotAge = Duration.ZERO;

    /**
     * How many rejected rows the result lists with line, ID and reason; all of them are counted
     * either way.
     */
    private int maxRejectedRowsKept = 1000;

    /**
     * While a write runs, log its progress (rows read, requests accepted, rate) at INFO this
     * often, so that a long file shows it is moving; 0 (the default) logs none.
     */
    private Duration progressInterval = Duration.ZERO;

    /**
     * Whether the producer should be started lazily (on the first message), so that the
     * CamelContext and routes can start where a producer would otherwise fail to start; the
     * failure is then handled by the route's error handler when the first message is processed,
     * which that message also waits for.
     */
    private boolean lazyStartProducer = false;

    /**
     * Bridge the consumer to the route's error handler: exceptions the consumer meets while it
     * polls are then processed as messages by the error handler, instead of being logged at WARN
     * or ERROR level by the consumer's ExceptionHandler and ignored.
     */
    private boolean bridgeErrorHandler = false;

    /**
     * Whether autowiring is enabled: options marked as autowired are set from the registry when
     * it holds a single bean of their type.
     */
    private boolean autowiredEnabled = true;

    /** Whether the consumer health checks of this component are enabled. */
    private boolean healthCheckConsumerEnabled = true;

    /**
     * Whether the producer health checks of this component are enabled. Camel disables all
     * producer checks by default: camel.health.producers-enabled=true turns them on.
     */
    private boolean healthCheckProducerEnabled = true;

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getProjectKey() {
        return projectKey;
    }

    public void setProjectKey(String projectKey) {
        this.projectKey = projectKey;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getRestApiKey() {
        return restApiKey;
    }

    public void setRestApiKey(String restApiKey) {
        this.restApiKey = restApiKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    public IdType getIdType() {
        return idType;
    }

    public void setIdType(IdType idType) {
        this.idType = idType;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getMaxRequestBytes() {
        return maxRequestBytes;
    }

    public void setMaxRequestBytes(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public int getParallelRequests() {
        return parallelRequests;
    }

    public void setParallelRequests(int parallelRequests) {
        this.parallelRequests = parallelRequests;
    }

    public double getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    public void setMaxRequestsPerSecond(double maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public boolean isAutoCreate() {
        return autoCreate;
    }

    public void setAutoCreate(boolean autoCreate) {
        this.autoCreate = autoCreate;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public boolean isWaitForIndexing() {
        return waitForIndexing;
    }

    public void setWaitForIndexing(boolean waitForIndexing) {
        this.waitForIndexing = waitForIndexing;
    }

    public Duration getIndexingTimeout() {
        return indexingTimeout;
    }

    public void setIndexingTimeout(Duration indexingTimeout) {
        this.indexingTimeout = indexingTimeout;
    }

    public Duration getIndexingPollInterval() {
        return indexingPollInterval;
    }

    public void setIndexingPollInterval(Duration indexingPollInterval) {
        this.indexingPollInterval = indexingPollInterval;
    }

    public InvalidRowsPolicy getInvalidRows() {
        return invalidRows;
    }

    public void setInvalidRows(InvalidRowsPolicy invalidRows) {
        this.invalidRows = invalidRows;
    }

    public InputFormat getInputFormat() {
        return inputFormat;
    }

    public void setInputFormat(InputFormat inputFormat) {
        this.inputFormat = inputFormat;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getStateDirectory() {
        return stateDirectory;
    }

    public void setStateDirectory(String stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public SnapshotRepository getSnapshotRepository() {
        return snapshotRepository;
    }

    public void setSnapshotRepository(SnapshotRepository snapshotRepository) {
        this.snapshotRepository = snapshotRepository;
    }

    public SharedLimits getSharedLimits() {
        return sharedLimits;
    }

    public void setSharedLimits(SharedLimits sharedLimits) {
        this.sharedLimits = sharedLimits;
    }

    public double getMaxRemovalPercent() {
        return maxRemovalPercent;
    }

    public void setMaxRemovalPercent(double maxRemovalPercent) {
        this.maxRemovalPercent = maxRemovalPercent;
    }

    public int getMaxRejectedRowsKept() {
        return maxRejectedRowsKept;
    }

    public void setMaxRejectedRowsKept(int maxRejectedRowsKept) {
        this.maxRejectedRowsKept = maxRejectedRowsKept;
    }

    public Duration getMaxSnapshotAge() {
        return maxSnapshotAge;
    }

    public void setMaxSnapshotAge(Duration maxSnapshotAge) {
        this.maxSnapshotAge = maxSnapshotAge;
    }

    public Duration getProgressInterval() {
        return progressInterval;
    }

    public void setProgressInterval(Duration progressInterval) {
        this.progressInterval = progressInterval;
    }

    public boolean isLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public boolean isBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public boolean isAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public boolean isHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public boolean isHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }
}
