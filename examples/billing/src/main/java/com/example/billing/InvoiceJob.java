package com.example.billing;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;

/** Issues a customer's invoice for a period. */
@ApplicationScoped
@JobType("invoice")
public class InvoiceJob implements Job<InvoiceJob.Args> {

    public record Args(String customer, String period) {
    }

    @Override
    public Object perform(Args args) {
        return "INV-" + args.customer() + "-" + args.period();
    }

    /** One invoice per customer and period may wait in the queue: a second enqueue is refused (409). */
    @Override
    public String queueKey(Args args) {
        return "invoice:" + args.customer() + ":" + args.period();
    }
}
