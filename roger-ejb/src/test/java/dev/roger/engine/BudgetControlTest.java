package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.WorkerBudgetStatus;
import dev.roger.budget.WeightStore;
import dev.roger.budget.WorkerBudget;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetControlTest {

    /** The weights an instance remembers, in memory. */
    static final class RememberedWeights implements WeightStore {
        final Map<String, Map<String, Integer>> byInstance = new HashMap<>();

        @Override
        public void save(String instance, String application, int weight) {
            byInstance.computeIfAbsent(instance, i -> new HashMap<>()).put(application, weight);
        }

        @Override
        public Map<String, Integer> of(String instance) {
            return byInstance.getOrDefault(instance, Map.of());
        }
    }

    private final WorkerBudget budget = new WorkerBudget(10, Runnable::run);
    private final RememberedWeights weights = new RememberedWeights();
    private final BudgetControl control = new BudgetControl(budget, max -> {}, weights, "one");

    @Test
    void aWeightSetAtRunTimeOutlastsTheConfiguredOneAfterARestart() {
        control.weigh("billing", 4);
        BudgetControl restarted = new BudgetControl(budget, max -> {}, weights, "one");
        restarted.restore(Map.of("billing", 2, "shop", 3));
        assertEquals(4, weightOf("billing"));
        assertEquals(3, weightOf("shop"));
    }

    @Test
    void aWeightOutsideOneToAHundredIsRefusedAndChangesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> control.weigh("billing", 101));
        assertTrue(e.getMessage().contains("from 1 to 100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> control.weigh("billing", 0));
        assertTrue(weights.of("one").isEmpty());
    }

    @Test
    void theBudgetChangesWithinItsBoundsOnly() {
        assertEquals(50, control.resize(50).max());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> control.resize(10_001));
        assertTrue(e.getMessage().contains("from 1 to 10000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> control.resize(0));
        assertEquals(50, budget.max());
    }

    @Test
    void weightsThatCannotBeReadLeaveTheConfiguredOnes() {
        BudgetControl unreadable = new BudgetControl(
                budget,
                max -> {},
                new WeightStore() {
                    @Override
                    public void save(String instance, String application, int weight) {}

                    @Override
                    public Map<String, Integer> of(String instance) {
                        throw new IllegalStateException("the database is away");
                    }
                },
                "one");
        unreadable.restore(Map.of("shop", 3));
        assertEquals(3, weightOf("shop"));
    }

    private int weightOf(String application) {
        return budget.usage().applications().stream()
                .filter(share -> share.application().equals(application))
                .mapToInt(WorkerBudgetStatus.Share::weight)
                .findFirst()
                .orElseThrow();
    }
}
