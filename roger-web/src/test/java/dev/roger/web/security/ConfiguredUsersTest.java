package dev.roger.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.config.PasswordHash;
import dev.roger.spi.AdminCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfiguredUsersTest {

    private static final int ITERATIONS = 1_000;
    private final List<Integer> verified = new ArrayList<>(); // iteration count of each PBKDF2 verification
    private final ConfiguredUsers users = new ConfiguredUsers(
            List.of(
                    ConfiguredUsers.account(
                            new AdminCredentials("admin", Optional.of(PasswordHash.of("admin-pw", ITERATIONS))),
                            Set.of("roger-admin")),
                    ConfiguredUsers.account(
                            new AdminCredentials("viewer", Optional.of("plain-pw")), Set.of("roger-viewer"))),
            (password, hash) -> {
                verified.add(PasswordHash.iterations(hash));
                return PasswordHash.verify(password, hash);
            });

    private List<Integer> costOf(String user, String password) {
        verified.clear();
        users.check(user, password);
        return List.copyOf(verified);
    }

    @Test
    void configuredUsersLogInWithTheirGroups() {
        assertEquals(Optional.of(new Caller("admin", Set.of("roger-admin"))), users.check("admin", "admin-pw"));
        assertEquals(Optional.of(new Caller("viewer", Set.of("roger-viewer"))), users.check("viewer", "plain-pw"));
        assertTrue(users.check("admin", "plain-pw").isEmpty());
        assertTrue(users.check("viewer", "admin-pw").isEmpty());
        assertTrue(users.check("Admin", "admin-pw").isEmpty());
        assertTrue(users.check("viewer", "plain-pw ").isEmpty());
    }

    @Test
    void anUnknownUserCostsOnePbkdf2VerificationOfTheSameIterationsAsAKnownOne() {
        List<Integer> one = List.of(ITERATIONS);
        assertEquals(one, costOf("admin", "admin-pw"));
        assertEquals(one, costOf("admin", "wrong"));
        assertEquals(one, costOf("nobody", "wrong"), "an unknown user runs the dummy hash");
        assertEquals(one, costOf("viewer", "plain-pw"), "a plain-text password costs the dummy hash too");
        assertEquals(one, costOf("", ""));
    }

    @Test
    void aUserWithoutAPasswordCannotLogInAndCostsTheSame() {
        ConfiguredUsers withoutProducer = ConfiguredUsers.of(
                List.of(
                        new AdminCredentials("admin", Optional.of("pw")),
                        new AdminCredentials("producer", Optional.empty())),
                List.of(Set.of("roger-admin"), Set.of("roger-producer")));
        assertTrue(withoutProducer.check("producer", "").isEmpty());
        assertTrue(withoutProducer.check("admin", "pw").isPresent());
    }

    @Test
    void theDummyHashTakesAsManyIterationsAsTheCostliestConfiguredHash() {
        ConfiguredUsers plainOnly = new ConfiguredUsers(
                List.of(ConfiguredUsers.account(
                        new AdminCredentials("admin", Optional.of("pw")), Set.of("roger-admin"))),
                (password, hash) -> {
                    verified.add(PasswordHash.iterations(hash));
                    return false;
                });
        plainOnly.check("nobody", "pw");
        assertEquals(List.of(PasswordHash.ITERATIONS), verified, "no hash configured: new hashes' iteration count");
    }
}
