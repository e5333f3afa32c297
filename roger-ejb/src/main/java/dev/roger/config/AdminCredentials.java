package dev.roger.config;

import java.util.Optional;

/**
 * Who may use the management API. Without a password nobody can: there is no built-in default.
 *
 * @param password plain text, or a {@code PBKDF2WithHmacSHA256:...} hash
 */
public record AdminCredentials(String username, Optional<String> password) {

    @Override
    public String toString() {
        return "AdminCredentials[username=" + username + ", password=" + password.map(p -> "<set>").orElse("<none>") + "]";
    }
}
