package com.example.billing;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charges a card through a payment gateway that declines now and then. Retryable: Roger retries a
 * declined charge with backoff (roger.retry.delays) and buries it after the last retry.
 */
@ApplicationScoped
@JobType("charge")
public class ChargeJob implements Job<ChargeJob.Args> {

    /** @param declines how many attempts the simulated gateway declines before it accepts */
    public record Args(String reference, long cents, int declines) {
    }

    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    @Override
    public Object perform(Args args) {
        int attempt = attempts.merge(args.reference(), 1, Integer::sum);
        if (attempt <= args.declines()) {
            throw new IllegalStateException("card declined for " + args.reference() + " (attempt " + attempt + ")");
        }
        return "charged " + args.cents() + " cents for " + args.reference();
    }

    @Override
    public String queue(Args args) {
        return "payments";
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
