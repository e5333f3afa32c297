package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DefaultInstanceNameTest {

    @Test
    void aPortGivenByTheLauncherNamesTheInstanceStablyAcrossRestarts() {
        assertEquals("web1:8081", RogerEngine.defaultInstanceName("web1", "8081", 100));
        assertEquals(
                RogerEngine.defaultInstanceName("web1", "8081", 100),
                RogerEngine.defaultInstanceName("web1", "8081", 200));
    }

    @Test
    void withoutAPortTwoServerProcessesOnOneHostGetDifferentNames() {
        assertEquals("web1:pid100", RogerEngine.defaultInstanceName("web1", null, 100));
        assertNotEquals(
                RogerEngine.defaultInstanceName("web1", null, 100), RogerEngine.defaultInstanceName("web1", " ", 200));
    }
}
