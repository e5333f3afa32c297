package dev.roger.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing per user name at a client address and per client address, never per user
 * name alone: a flood of guesses for "admin" from one address slows that address, while the real admin
 * elsewhere logs in at once. The first failure is free (a typo);
 * each further one doubles the wait before the next attempt is checked, from {@link #FIRST_DELAY} up to
 * the configured maximum. A key's failures are forgotten after {@link #QUIET} without one. Nothing is
 * locked for longer than the maximum, so an attacker cannot keep the admin out: at worst the admin
 * waits a few seconds. Memory is bounded: at most {@link #MAX_KEYS} names at addresses and as many addresses,
 * the least recently failing forgotten first, and names are kept only as digests. Guessing one name
 * from many addresses is slowed per address only; a deployment open to the internet puts a proxy or
 * firewall with rate limits in front.
 */
final class LoginThrottle {

    static final Duration FIRST_DELAY = Duration.ofMillis(500);
    static final Duration QUIET = Duration.ofMinutes(1);
    static final int MAX_KEYS = 10_000;

    private record Failures(int count, Instant last) {}

    private final Duration maxDelay;
    private final Clock clock;
    private final Map<String, Failures> usersAtAddresses = bounded();
    private final Map<String, Failures> addresses = bounded();

    LoginThrottle(Duration maxDelay, Clock clock) {
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** How long the caller must wait before an attempt of this user from this address is checked; zero: now. */
    synchronized Duration waitFor(String user, String address) {
        Instant now = clock.instant();
        Duration userWait = remaining(usersAtAddresses, key(user, address), now);
        Duration addressWait = remaining(addresses, address, now);
        return userWait.compareTo(addressWait) >= 0 ? userWait : addressWait;
    }

    synchronized void failed(String user, String address) {
        if (maxDelay.isZero()) {
            return;
        }
        Instant now = clock.instant();
        count(usersAtAddresses, key(user, address), now);
        count(addresses, address, now);
    }

    synchronized void succeeded(String user, String address) {
        usersAtAddresses.remove(key(user, address));
        addresses.remove(address);
    }

    private Duration remaining(Map<String, Failures> map, String key, Instant now) {
        Failures failures = current(map, key, now);
        if (failures == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, failures.last().plus(delay(failures.count())));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void count(Map<String, Failures> map, String key, Instant now) {
        Failures failures = current(map, key, now);
        map.put(key, new Failures(failures == null ? 1 : failures.count() + 1, now));
    }

    private static Failures current(Map<String, Failures> map, String key, Instant now) {
        Failures failures = map.get(key);
        if (failures != null && !now.isBefore(failures.last().plus(QUIET))) {
            map.remove(key);
            return null;
        }
        return failures;
    }

    /** The wait after this many recent failures: 0, 0.5 s, 1 s, 2 s, ... up to the maximum. */
    Duration delay(int failures) {
        if (failures <= 1) {
            return Duration.ZERO;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(failures - 2, 20));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private static String key(String user, String address) {
        return HexFormat.of().formatHex(Digests.sha256(user)) + "@" + address;
    }

    private static Map<String, Failures> bounded() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }
}
