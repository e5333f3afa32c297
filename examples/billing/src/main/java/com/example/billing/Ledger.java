package com.example.billing;

import dev.roger.api.AfterRun;
import dev.roger.api.JobFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/** Observes Roger's job events: remembers what each finished job returned. */
@ApplicationScoped
public class Ledger {

    private static final Logger LOG = Logger.getLogger(Ledger.class.getName());

    public record Entry(String type, String result, int retries) {
    }

    private final Map<String, Entry> finished = new ConcurrentHashMap<>();

    void onFinished(@Observes AfterRun event) {
        Entry entry = new Entry(event.job().type(), String.valueOf(event.result()), event.job().retryCount());
        finished.put(event.job().id(), entry);
        LOG.info(() -> "Billing: job " + event.job().id() + " finished: " + entry);
    }

    void onFailed(@Observes JobFailed event) {
        LOG.warning(() -> "Billing: job " + event.job().id() + " failed (retry: " + event.willRetry() + "): "
                + event.error().getMessage());
    }

    public Optional<Entry> finished(String jobId) {
        return Optional.ofNullable(finished.get(jobId));
    }
}
