package dev.roger.engine;

import dev.roger.api.WorkerBudgetStatus;
import dev.roger.budget.WeightStore;
import dev.roger.budget.WorkerBudget;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Changes to this instance's worker budget and weights at run time. A weight set here is remembered
 * for the instance, as an application's queues are; a new budget lasts until the instance stops, and
 * {@code roger.workers.max} is the lasting value.
 */
final class BudgetControl {

    private static final Logger LOG = Logger.getLogger(BudgetControl.class.getName());

    private final WorkerBudget budget;
    private final java.util.function.IntConsumer threads;
    private final WeightStore weights;
    private final String instance;

    /** @param threads sizes the jobs' threads with a new budget */
    BudgetControl(WorkerBudget budget, java.util.function.IntConsumer threads, WeightStore weights, String instance) {
        this.budget = budget;
        this.threads = threads;
        this.weights = weights;
        this.instance = instance;
    }

    /** The configured weights, then those set at run time on this instance, which outlast them. */
    void restore(Map<String, Integer> configured) {
        configured.forEach(budget::weigh);
        try {
            weights.of(instance).forEach(budget::weigh);
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not read the weights set at run time on " + instance + " (" + e.getMessage()
                    + "); the configured ones apply");
        }
    }

    WorkerBudgetStatus resize(int max) {
        if (max < 1 || max > WorkerBudgetStatus.MOST_WORKERS) {
            throw new IllegalArgumentException("the worker budget must be a whole number from 1 to "
                    + WorkerBudgetStatus.MOST_WORKERS + ", not " + max);
        }
        int before = budget.max();
        // threads first: a larger budget starts waiting jobs at once
        threads.accept(max);
        budget.resize(max);
        LOG.info(() -> "the worker budget of " + instance + " is now " + max + " jobs at once (was " + before
                + "), until the instance stops");
        return budget.usage();
    }

    void weigh(String application, int weight) {
        NameCheck.requireApplicationName(application);
        if (weight < 1 || weight > WorkerBudgetStatus.MOST_WEIGHT) {
            throw new IllegalArgumentException("the weight of '" + application + "' must be a whole number from 1 to "
                    + WorkerBudgetStatus.MOST_WEIGHT + ", not " + weight);
        }
        weights.save(instance, application, weight);
        budget.weigh(application, weight);
    }
}
