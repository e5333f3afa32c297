package dev.roger.web.security;

import dev.roger.config.AdminCredentials;
import dev.roger.config.RogerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Checks credentials against the configured users: {@code roger.admin.*} (role roger-admin, which may
 * act) and {@code roger.viewer.*} (role roger-viewer, which may only read). A password is plain text or
 * a Jakarta Security PBKDF2 hash. A user without a configured password cannot log in.
 */
@ApplicationScoped
public class ConfiguredIdentityStore implements IdentityStore {

    public static final String ADMIN_ROLE = "roger-admin";
    public static final String VIEWER_ROLE = "roger-viewer";
    private static final String HASH_PREFIX = "PBKDF2WithHmac";
    private static final Logger LOG = Logger.getLogger(ConfiguredIdentityStore.class.getName());

    @Inject
    RogerConfig config;
    @Inject
    Pbkdf2PasswordHash passwordHash;

    @PostConstruct
    void warnWhenLocked() {
        if (config.admin().password().isEmpty()) {
            LOG.warning("roger.admin.password is not set: nobody can act through the admin page or the management API");
        }
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (matches(config.admin(), credential)) {
            return new CredentialValidationResult(credential.getCaller(), Set.of(ADMIN_ROLE, VIEWER_ROLE));
        }
        if (matches(config.viewer(), credential)) {
            return new CredentialValidationResult(credential.getCaller(), Set.of(VIEWER_ROLE));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }

    private boolean matches(AdminCredentials user, UsernamePasswordCredential credential) {
        if (user.password().isEmpty() || !user.username().equals(credential.getCaller())) {
            return false;
        }
        String expected = user.password().get();
        return expected.startsWith(HASH_PREFIX)
                ? passwordHash.verify(credential.getPassword().getValue(), expected)
                : MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        credential.getPasswordAsString().getBytes(StandardCharsets.UTF_8));
    }
}
