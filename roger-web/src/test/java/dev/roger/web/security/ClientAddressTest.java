package dev.roger.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void theLastHopOfAForwardedForHeaderCountsNotWhatTheClientWroteBeforeIt() {
        assertEquals("198.51.100.7", ClientAddress.lastEntry("1.2.3.4, 198.51.100.7"));
        assertEquals("198.51.100.7", ClientAddress.lastEntry(" 198.51.100.7 "));
        assertEquals(100, ClientAddress.lastEntry("x".repeat(5000)).length(), "bounded");
    }
}
