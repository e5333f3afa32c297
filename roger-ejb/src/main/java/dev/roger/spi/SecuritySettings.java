package dev.roger.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * How logging in is protected.
 *
 * @param clientAddressHeader the header a trusted reverse proxy puts the client's address in (its last
 *                            entry counts); empty: the TCP peer's address
 * @param credentialCache how long verified credentials are remembered, so a request with the same ones
 *                        skips PBKDF2; zero: never
 * @param maxLoginDelay the longest wait that repeated failed logins of one user or address impose; zero: no throttle
 */
public record SecuritySettings(
        Optional<String> clientAddressHeader, Duration credentialCache, Duration maxLoginDelay) {}
