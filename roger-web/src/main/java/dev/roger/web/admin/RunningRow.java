package dev.roger.web.admin;

import dev.roger.api.RunningJobInfo;

/**
 * A running job with how long it has run and the progress it last reported, for the running-jobs
 * table.
 */
public record RunningRow(
        String instance, String application, String queue, String type, String id, String runtime, String progress) {

    /** "40 % copying", "40 %", or empty before the job reports progress (its message is null then). */
    static String progress(RunningJobInfo job) {
        if (job.progress() < 0 || job.progressMessage() == null) {
            return "";
        }
        String message = job.progressMessage();
        return job.progress() + " %" + (message.isEmpty() ? "" : " " + message);
    }
}
