package dev.roger.web.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One login attempt, for HTTP Basic and the login form alike: recently verified credentials pass at
 * once; otherwise the throttle may make the caller wait, and the configured users decide. An attempt is
 * counted as a failure before it is checked (and forgiven when it succeeds), so parallel guesses cannot
 * all slip in before the first failure registers; identical credentials arriving together share one
 * check, so a client sending many requests at once is not throttled by its own first one.
 */
final class Logins {

    sealed interface Outcome permits Accepted, Refused, Throttled {}

    record Accepted(Caller caller) implements Outcome {}

    record Refused() implements Outcome {}

    record Throttled(Duration retryAfter) implements Outcome {}

    private final ConfiguredUsers users;
    private final LoginThrottle throttle;
    private final CredentialCache cache;
    private final Map<String, CompletableFuture<Outcome>> checking = new ConcurrentHashMap<>();

    Logins(ConfiguredUsers users, LoginThrottle throttle, CredentialCache cache) {
        this.users = users;
        this.throttle = throttle;
        this.cache = cache;
    }

    Outcome attempt(String user, String password, String address) {
        Optional<Caller> cached = cache.get(user, password);
        if (cached.isPresent()) {
            return new Accepted(cached.get());
        }
        String id = cache.id(user, password) + "|" + address;
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> running = checking.putIfAbsent(id, mine);
        if (running != null) {
            return running.join();
        }
        try {
            Outcome outcome = check(user, password, address);
            mine.complete(outcome);
            return outcome;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(id, mine);
        }
    }

    private Outcome check(String user, String password, String address) {
        Duration wait = throttle.waitFor(user, address);
        if (!wait.isZero()) {
            return new Throttled(wait);
        }
        throttle.failed(user, address);
        Optional<Caller> caller = users.check(user, password);
        if (caller.isEmpty()) {
            return new Refused();
        }
        throttle.succeeded(user, address);
        cache.put(user, password, caller.get());
        return new Accepted(caller.get());
    }
}
