package dev.roger.records;

/**
 * A test data builder of {@link RecordChange}s: a change of job {@code jobId} of application {@code app}
 * to a state, with every field it does not set left null (as a change that knows nothing of it), its
 * attempt taken from its rank, written at 1 ms. {@code ARecordChange.of("j1", "failed").rank(5).body(b)}
 * reads better than 22 arguments by position.
 */
public final class ARecordChange {

    private String application = "app";
    private final String jobId;
    private String queue;
    private String type;
    private final String state;
    private long rank = 1;
    private boolean reopen;
    private boolean first;
    private Long enqueuedAt;
    private Long finishedAt;
    private Integer attempt;
    private String instance;
    private String lastError;
    private String errorStack;
    private String args;
    private String body;
    private long updatedAt = 1;

    private ARecordChange(String jobId, String state) {
        this.jobId = jobId;
        this.state = state;
    }

    /** {@code state} by its stored name, as the record writer writes it: {@code queued}, {@code succeeded}, ... */
    public static ARecordChange of(String jobId, String state) {
        return new ARecordChange(jobId, state);
    }

    public ARecordChange application(String name) {
        this.application = name;
        return this;
    }

    public ARecordChange queue(String name) {
        this.queue = name;
        return this;
    }

    public ARecordChange type(String name) {
        this.type = name;
        return this;
    }

    public ARecordChange rank(long value) {
        this.rank = value;
        return this;
    }

    /** An operator's retry: the record opens again. */
    public ARecordChange reopen() {
        this.reopen = true;
        return this;
    }

    /** The job's first change (its enqueue or schedule): inserted rather than merged. */
    public ARecordChange first() {
        this.first = true;
        return this;
    }

    public ARecordChange enqueuedAt(long millis) {
        this.enqueuedAt = millis;
        return this;
    }

    public ARecordChange finishedAt(long millis) {
        this.finishedAt = millis;
        return this;
    }

    public ARecordChange attempt(int value) {
        this.attempt = value;
        return this;
    }

    public ARecordChange instance(String name) {
        this.instance = name;
        return this;
    }

    public ARecordChange error(String message, String stack) {
        this.lastError = message;
        this.errorStack = stack;
        return this;
    }

    public ARecordChange args(String json) {
        this.args = json;
        return this;
    }

    /** The message kept for an operator's retry of a job that failed for good. */
    public ARecordChange body(String message) {
        this.body = message;
        return this;
    }

    public ARecordChange updatedAt(long millis) {
        this.updatedAt = millis;
        return this;
    }

    public RecordChange build() {
        return new RecordChange(
                application,
                jobId,
                queue,
                type,
                state,
                rank,
                reopen,
                first,
                enqueuedAt,
                null,
                null,
                finishedAt,
                attempt != null ? attempt : (int) (rank / 10),
                instance,
                lastError,
                errorStack,
                null,
                args,
                body,
                null,
                null,
                updatedAt);
    }
}
