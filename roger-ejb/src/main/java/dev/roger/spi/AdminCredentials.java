package dev.roger.spi;

import java.util.Optional;

/**
 * One user of the admin page and management API. Without a password the user cannot log in: there
 * is no built-in default.
 *
 * @param password plain text, or a {@code PBKDF2WithHmacSHA256:...} hash
 */
public record AdminCredentials(String username, Optional<String> password) {

    @Override
    public String toString() {
        return "AdminCredentials[username=" + username + ", password="
                + password.map(p -> "<set>").orElse("<none>") + "]";
    }
}
