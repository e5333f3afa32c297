package dev.roger.web.security;

import dev.roger.config.PasswordHash;
import dev.roger.spi.AdminCredentials;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * Checks a user name and password against the configured users so that every attempt costs the same:
 * names and plain-text passwords are compared as SHA-256 digests in constant time, and exactly one
 * PBKDF2 verification runs per attempt, against the user's hash or, for an unknown user or a plain-text
 * password, against a dummy hash with as many iterations as the costliest configured one. Timing then
 * tells neither which names exist nor how close a guess was.
 */
final class ConfiguredUsers {

    /** A user who may log in (one with a password); a plain-text password is kept only as its digest. */
    record Account(byte[] nameDigest, String caller, Optional<String> hash, byte[] plainDigest, Set<String> groups) {}

    private final List<Account> accounts;
    private final String dummyHash;
    private final BiPredicate<String, String> verifier;

    /** @param verifier checks a password against a PBKDF2 hash; {@link PasswordHash#verify} in service */
    ConfiguredUsers(List<Account> accounts, BiPredicate<String, String> verifier) {
        this.accounts = List.copyOf(accounts);
        this.verifier = verifier;
        int iterations = accounts.stream()
                .flatMap(a -> a.hash().stream())
                .mapToInt(PasswordHash::iterations)
                .max()
                .orElse(PasswordHash.ITERATIONS);
        this.dummyHash = PasswordHash.of(UUID.randomUUID().toString(), iterations);
    }

    static Account account(AdminCredentials user, Set<String> groups) {
        String password = user.password().orElseThrow();
        boolean hashed = PasswordHash.isHash(password);
        return new Account(
                Digests.sha256(user.username()),
                user.username(),
                hashed ? Optional.of(password) : Optional.empty(),
                Digests.sha256(hashed ? UUID.randomUUID().toString() : password),
                groups);
    }

    /** The configured users with a password: admin, viewer and producer. */
    static ConfiguredUsers of(List<AdminCredentials> users, List<Set<String>> groups) {
        List<Account> accounts = new java.util.ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).password().isPresent()) {
                accounts.add(account(users.get(i), groups.get(i)));
            }
        }
        return new ConfiguredUsers(accounts, PasswordHash::verify);
    }

    Optional<Caller> check(String name, String password) {
        byte[] nameDigest = Digests.sha256(name);
        Account match = null;
        for (Account account : accounts) { // every account is compared, the match does not end the loop early
            if (MessageDigest.isEqual(account.nameDigest(), nameDigest) && match == null) {
                match = account;
            }
        }
        boolean hashMatches =
                verifier.test(password, match == null ? dummyHash : match.hash().orElse(dummyHash));
        boolean plainMatches =
                MessageDigest.isEqual(match == null ? new byte[32] : match.plainDigest(), Digests.sha256(password));
        if (match == null) {
            return Optional.empty();
        }
        return (match.hash().isPresent() ? hashMatches : plainMatches)
                ? Optional.of(new Caller(match.caller(), match.groups()))
                : Optional.empty();
    }
}
