package dev.roger.worker;

import dev.roger.job.JobMessage;
import dev.roger.state.HeldJob;
import java.io.IOException;
import java.util.Optional;

/**
 * Releases a job's keys when it leaves for good (success, final failure, burial, cancel, parking):
 * its queue key becomes free, and the next job waiting for its execution key is handed back to the
 * broker. A job waiting for its retry gives only its execution key up, unless its type keeps strict order.
 */
final class KeyRelease {

    private final WorkerServices services;

    KeyRelease(WorkerServices services) {
        this.services = services;
    }

    void release(String application, JobMessage message) throws IOException {
        if (message.queueKey() != null) {
            services.state().queueKeys().release(application, message.queueKey(), message.id());
        }
        releaseExecutionKey(application, message);
    }

    /** The job gives its place in its execution key's line up; a retry of it joins the end of the line. */
    void releaseExecutionKey(String application, JobMessage message) throws IOException {
        if (message.executionKey() != null) {
            Optional<HeldJob> next =
                    services.state().executionKeys().finish(application, message.executionKey(), message.id());
            if (next.isPresent()) {
                services.routing().republish(next.get());
                services.state()
                        .executionKeys()
                        .republished(application, next.get().jobId());
            }
        }
    }
}
