package dev.roger.api;

/**
 * The job's message is larger than {@code roger.max-message-bytes}: it is refused at enqueue, before it
 * reaches the broker or the database (over REST: 413).
 */
public final class JobTooLargeException extends InvalidJobException {

    private static final long serialVersionUID = 1L;

    private final long bytes;
    private final long limit;

    public JobTooLargeException(long bytes, long limit) {
        super(String.format(
                java.util.Locale.ROOT,
                "the job's message is %,d bytes, more than roger.max-message-bytes (%,d): keep large data"
                        + " elsewhere and pass a reference in the args",
                bytes,
                limit));
        this.bytes = bytes;
        this.limit = limit;
    }

    /** The size of the job's message as Roger would publish it. */
    public long bytes() {
        return bytes;
    }

    public long limit() {
        return limit;
    }
}
