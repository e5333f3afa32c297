package dev.roger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListingTest {

    @Test
    void itemsAreAddedWhileTheirBytesFitThenTheListingStopsAndSaysSo() {
        Listing.Builder<String> builder = Listing.builder(100);
        assertTrue(builder.add(40, () -> "a"));
        assertTrue(builder.add(60, () -> "b"), "exactly the budget fits");
        assertFalse(builder.add(1, () -> "c"));
        assertFalse(builder.add(0, () -> "d"), "once one did not fit, none is added: no gaps in the order");
        Listing<String> listing = builder.build();
        assertEquals(List.of("a", "b"), listing.items());
        assertTrue(listing.truncated());
    }

    @Test
    void aListingWithinItsBudgetIsNotTruncated() {
        Listing.Builder<String> builder = Listing.builder(100);
        builder.add(99, () -> "a");
        assertFalse(builder.build().truncated());
    }

    @Test
    void anItemLargerThanTheWholeBudgetIsNeverMade() {
        Listing.Builder<String> builder = Listing.builder(Listing.BYTE_BUDGET);
        assertFalse(builder.add(Listing.BYTE_BUDGET + 1, () -> {
            throw new AssertionError("decoded a message too large to show");
        }));
        assertEquals(new Listing<>(List.of(), true), builder.build());
    }
}
