package dev.roger.worker;

import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobTypes;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What every worker of the instance shares. */
public record WorkerServices(JobCodec codec, ArgsCodec argsCodec, JobTypes jobTypes, JobRouting routing,
                             RetryPolicy retryPolicy, JobEvents events, ExecutorService executor,
                             ScheduledExecutorService scheduler) {
}
