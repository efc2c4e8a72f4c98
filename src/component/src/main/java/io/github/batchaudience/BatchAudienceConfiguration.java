package io.github.batchaudience;

import io.github.batchaudience.model.IdType;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options shared by the component and its endpoints. The component holds one instance;
 * each endpoint gets a copy that its own URI options then override.
 */
@UriParams
public class BatchAudienceConfiguration implements Cloneable {

    /** Batch's API host, used unless baseUrl is set. */
    public static final String DEFAULT_BASE_URL = "https://api.batch.com";
    /** The Audiences API version used unless apiVersion is set. */
    public static final String DEFAULT_API_VERSION = "2.11";

    @UriParam(label = "security", secret = true)
    private String apiKey;

    @UriParam
    private String projectKey;

    @UriParam(defaultValue = DEFAULT_API_VERSION)
    private String apiVersion = DEFAULT_API_VERSION;

    @UriParam(label = "security", secret = true)
    @Metadata(required = true)
    private String restApiKey;

    @UriParam(defaultValue = DEFAULT_BASE_URL)
    private String baseUrl = DEFAULT_BASE_URL;

    @UriParam(label = "security", defaultValue = "false")
    private boolean allowInsecureHttp;

    @UriParam
    private IdType idType;

    @UriParam(defaultValue = "10000")
    private int batchSize = 10_000;

    @UriParam(label = "advanced", defaultValue = "8388608")
    private int maxRequestBytes = 8 * 1024 * 1024;

    @UriParam(defaultValue = "2")
    private int parallelRequests = 2;

    @UriParam(label = "advanced", defaultValue = "0")
    private double maxRequestsPerSecond;

    @UriParam(label = "retry", defaultValue = "6")
    private int maxAttempts = 6;

    @UriParam(label = "retry", defaultValue = "500", javaType = "java.time.Duration")
    private long initialBackoff = 500;

    @UriParam(label = "retry", defaultValue = "30000", javaType = "java.time.Duration")
    private long maxBackoff = 30_000;

    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;

    @UriParam(label = "advanced", defaultValue = "120000", javaType = "java.time.Duration")
    private long requestTimeout = 120_000;

    @UriParam(label = "producer", defaultValue = "false")
    private boolean autoCreate;

    @UriParam(label = "producer")
    private String description;

    @UriParam(label = "producer", defaultValue = "false")
    private boolean waitForIndexing;

    @UriParam(label = "producer", defaultValue = "600000", javaType = "java.time.Duration")
    private long indexingTimeout = 600_000;

    @UriParam(label = "producer", defaultValue = "1000", javaType = "java.time.Duration")
    private long indexingPollInterval = 1_000;

    @UriParam(label = "producer", defaultValue = "reject")
    private InvalidRowsPolicy invalidRows = InvalidRowsPolicy.reject;

    @UriParam(label = "producer", defaultValue = "auto")
    private InputFormat inputFormat = InputFormat.auto;

    @UriParam(label = "producer", defaultValue = "false")
    private boolean dryRun;

    @UriParam(label = "producer")
    private String stateDirectory;

    @UriParam(label = "producer,advanced")
    private SnapshotRepository snapshotRepository;

    @UriParam(label = "advanced")
    private SharedLimits sharedLimits;

    @UriParam(label = "producer", defaultValue = "50")
    private double maxRemovalPercent = 50;

    @UriParam(label = "producer", defaultValue = "0", javaType = "java.time.Duration")
    private long maxSnapshotAge;

    @UriParam(label = "producer,advanced", defaultValue = "1000")
    private int maxRejectedRowsKept = 1000;

    @UriParam(label = "producer", defaultValue = "0", javaType = "java.time.Duration")
    private long progressInterval;

    public String getApiKey() {
        return apiKey;
    }

    /**
     * The app's Live, Dev or SDK API key, for the Custom Audience API 1.x (Batch's Mobile
     * Engagement Platform). It goes in the request path and is never shown in logs, exception
     * messages or the endpoint URI. Several keys, separated by commas, keep one audience in
     * several apps (an iOS and an Android app): the input is read once and every request goes to
     * every app. Set this or projectKey; an endpoint's own setting wins over the component's.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getProjectKey() {
        return projectKey;
    }

    /**
     * The project key, for the Audiences API 2.x (Batch's Customer Engagement Platform), sent as
     * the X-Batch-Project header with the REST API key as a bearer token. It identifies the
     * project and is not a secret. Set this or apiKey; an endpoint's own setting wins over the
     * component's.
     */
    public void setProjectKey(String projectKey) {
        this.projectKey = projectKey;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    /** The Audiences API version in the request path (with projectKey), 2.1 to 2.11. */
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String getRestApiKey() {
        return restApiKey;
    }

    /**
     * The company's REST API key: the X-Authorization header of the Custom Audience API, the
     * bearer token of the Audiences API. Never shown.
     */
    public void setRestApiKey(String restApiKey) {
        this.restApiKey = restApiKey;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * The API's base URL, without version or key. Plain http is refused unless the host is a
     * loopback address (an emulator) or allowInsecureHttp is set.
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    /** Allow a plain-http baseUrl on a non-loopback host: the keys would travel in clear. */
    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    public IdType getIdType() {
        return idType;
    }

    /**
     * The audience's ID type, which picks the API version (1.0 for custom_ids and
     * advertising_ids, 1.1 for install_ids). When unset, it is read once from the audience (view).
     */
    public void setIdType(IdType idType) {
        this.idType = idType;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /** The most IDs in one request, 1 to 10,000. */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getMaxRequestBytes() {
        return maxRequestBytes;
    }

    /** A request is also cut when its JSON body would pass this many bytes. */
    public void setMaxRequestBytes(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public int getParallelRequests() {
        return parallelRequests;
    }

    /**
     * How many write requests may be in flight at once: for one exchange, and for one Batch
     * account across every endpoint of this component (the smallest number asked holds).
     */
    public void setParallelRequests(int parallelRequests) {
        this.parallelRequests = parallelRequests;
    }

    public double getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    /**
     * The most requests per second sent to one Batch account (an app or a project), by every
     * endpoint of this component together (0: unlimited); when they ask for different rates,
     * the strictest holds.
     */
    public void setMaxRequestsPerSecond(double maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    /**
     * How many times a request is tried in all before its failure is final. 429, 500, 503 and
     * I/O failures are retried; other 4xx never are.
     */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getInitialBackoff() {
        return initialBackoff;
    }

    /** The wait before the first retry; it doubles on each retry, with jitter. */
    public void setInitialBackoff(long initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public long getMaxBackoff() {
        return maxBackoff;
    }

    /** The longest wait between two attempts, also the cap on a server's Retry-After. */
    public void setMaxBackoff(long maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for a connection to the API. */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /** How long to wait for the API's response to one request. */
    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public boolean isAutoCreate() {
        return autoCreate;
    }

    /** Create the audience (with idType and description) when a write finds it missing. */
    public void setAutoCreate(boolean autoCreate) {
        this.autoCreate = autoCreate;
    }

    public String getDescription() {
        return description;
    }

    /** The description given to audiences made by create or autoCreate. */
    public void setDescription(String description) {
        this.description = description;
    }

    public boolean isWaitForIndexing() {
        return waitForIndexing;
    }

    /**
     * Return only once every indexing token of the exchange is APPLIED (or fail at
     * indexingTimeout).
     */
    public void setWaitForIndexing(boolean waitForIndexing) {
        this.waitForIndexing = waitForIndexing;
    }

    public long getIndexingTimeout() {
        return indexingTimeout;
    }

    /** How long waitForIndexing (and replace across chunks) waits for a token to be APPLIED. */
    public void setIndexingTimeout(long indexingTimeout) {
        this.indexingTimeout = indexingTimeout;
    }

    public long getIndexingPollInterval() {
        return indexingPollInterval;
    }

    /**
     * The longest wait between two looks at an indexing token's state while waiting for it; the
     * first looks come sooner (50 ms after the write's answer, then doubling up to this).
     */
    public void setIndexingPollInterval(long indexingPollInterval) {
        this.indexingPollInterval = indexingPollInterval;
    }

    public InvalidRowsPolicy getInvalidRows() {
        return invalidRows;
    }

    /**
     * What happens to rows that fail local validation: reject leaves them out and reports each;
     * fail fails the exchange before anything is sent.
     */
    public void setInvalidRows(InvalidRowsPolicy invalidRows) {
        this.invalidRows = invalidRows;
    }

    public InputFormat getInputFormat() {
        return inputFormat;
    }

    /** The format of a text body: auto (from the file name, else from the content), csv or jsonl. */
    public void setInputFormat(InputFormat inputFormat) {
        this.inputFormat = inputFormat;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Read, validate and compute everything, report it, but send no write request. */
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getStateDirectory() {
        return stateDirectory;
    }

    /**
     * Where sync keeps its snapshot of each audience (one file per base URL, app key and
     * audience). Required by sync, which refuses to run without it: the component writes no
     * file where the application did not ask.
     */
    public void setStateDirectory(String stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public SnapshotRepository getSnapshotRepository() {
        return snapshotRepository;
    }

    /**
     * Where sync keeps its snapshots instead of files in the stateDirectory: a repository that
     * several instances of an application share, so that any of them can sync an audience and
     * no two at once (see SnapshotRepository).
     */
    public void setSnapshotRepository(SnapshotRepository snapshotRepository) {
        this.snapshotRepository = snapshotRepository;
    }

    public SharedLimits getSharedLimits() {
        return sharedLimits;
    }

    /**
     * Where maxRequestsPerSecond and parallelRequests are held together with other JVMs writing
     * to the same Batch accounts, such as the replicas of an application (see SharedLimits);
     * unset, each JVM holds them on its own.
     */
    public void setSharedLimits(SharedLimits sharedLimits) {
        this.sharedLimits = sharedLimits;
    }

    public double getMaxRemovalPercent() {
        return maxRemovalPercent;
    }

    /**
     * A sync that would remove more than this share of the audience is refused before anything
     * is sent, so that an empty or truncated export cannot wipe an audience by accident.
     */
    public void setMaxRemovalPercent(double maxRemovalPercent) {
        this.maxRemovalPercent = maxRemovalPercent;
    }

    public long getMaxSnapshotAge() {
        return maxSnapshotAge;
    }

    /**
     * A sync whose snapshot is older than this replaces the audience instead of sending the
     * difference: the API cannot list members, so a change made elsewhere that keeps the
     * audience's size is otherwise never seen. 0 (the default) trusts a snapshot of any age.
     */
    public void setMaxSnapshotAge(long maxSnapshotAge) {
        this.maxSnapshotAge = maxSnapshotAge;
    }

    public int getMaxRejectedRowsKept() {
        return maxRejectedRowsKept;
    }

    /**
     * How many rejected rows the result lists with line, ID and reason; all of them are counted
     * either way.
     */
    public void setMaxRejectedRowsKept(int maxRejectedRowsKept) {
        this.maxRejectedRowsKept = maxRejectedRowsKept;
    }

    public long getProgressInterval() {
        return progressInterval;
    }

    /**
     * While a write runs, log its progress (rows read, requests accepted, rate) at INFO this
     * often, so that a long file shows it is moving; 0 (the default) logs none.
     */
    public void setProgressInterval(long progressInterval) {
        this.progressInterval = progressInterval;
    }

    /** A copy for an endpoint, so that its options do not change the component's. */
    public BatchAudienceConfiguration copy() {
        try {
            return (BatchAudienceConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        // Keys are deliberately left out: this may end up in a log line.
        return "BatchAudienceConfiguration[baseUrl=" + baseUrl + ", idType=" + idType + ", batchSize=" + batchSize
               + ", parallelRequests=" + parallelRequests + "]";
    }
}
