package dev.roger.api;

import java.time.Duration;

/** The error of a run stopped because it passed its {@link Job#maxExecutionTime()}. */
public class JobTimeoutException extends RogerException {
    public JobTimeoutException(String jobId, Duration limit) {
        super("job " + jobId + " ran longer than its max execution time of " + limit.toMillis() + " ms");
    }
}
