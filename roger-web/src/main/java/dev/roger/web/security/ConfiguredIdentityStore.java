package dev.roger.web.security;

import dev.roger.config.AdminCredentials;
import dev.roger.config.RogerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Checks HTTP Basic credentials against {@code roger.admin.username} / {@code roger.admin.password}
 * (plain, or a Jakarta Security PBKDF2 hash). Without a configured password nobody gets in.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "roger")
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
            LOG.warning("roger.admin.password is not set: the management API refuses every request");
        }
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        AdminCredentials admin = config.admin();
        if (admin.password().isEmpty() || !admin.username().equals(credential.getCaller())) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        String expected = admin.password().get();
        boolean valid = expected.startsWith(HASH_PREFIX)
                ? passwordHash.verify(credential.getPassword().getValue(), expected)
                : MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                        credential.getPasswordAsString().getBytes(StandardCharsets.UTF_8));
        return valid
                ? new CredentialValidationResult(credential.getCaller(), Set.of(ADMIN_ROLE, VIEWER_ROLE))
                : CredentialValidationResult.INVALID_RESULT;
    }
}
