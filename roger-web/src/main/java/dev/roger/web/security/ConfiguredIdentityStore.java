package dev.roger.web.security;

import dev.roger.spi.WebSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The configured users: {@code roger.admin.*} (role roger-admin, which may act), {@code roger.viewer.*}
 * (role roger-viewer, which may only read) and {@code roger.producer.*} (role roger-producer, which may
 * only enqueue). A password is plain text or a PBKDF2 hash. A user without a configured password cannot
 * log in. {@link #logins()} adds the throttle and the credential cache that the login paths go through.
 */
@ApplicationScoped
public class ConfiguredIdentityStore implements IdentityStore {

    public static final String ADMIN_ROLE = "roger-admin";
    public static final String VIEWER_ROLE = "roger-viewer";
    public static final String PRODUCER_ROLE = "roger-producer";
    private static final Logger LOG = Logger.getLogger(ConfiguredIdentityStore.class.getName());

    @Inject
    WebSettings config;

    private ConfiguredUsers users;
    private Logins logins;

    @PostConstruct
    void start() {
        if (config.admin().password().isEmpty()) {
            LOG.warning("roger.admin.password is not set: nobody can act through the admin page or the management API");
        }
        users = ConfiguredUsers.of(
                List.of(config.admin(), config.viewer(), config.producer()),
                List.of(Set.of(ADMIN_ROLE, VIEWER_ROLE), Set.of(VIEWER_ROLE), Set.of(PRODUCER_ROLE)));
        Clock clock = Clock.systemUTC();
        logins = new Logins(
                users,
                new LoginThrottle(config.security().maxLoginDelay(), clock),
                new CredentialCache(config.security().credentialCache(), clock));
    }

    Logins logins() {
        return logins;
    }

    /** Called by IdentityStore's default validate(Credential) for a user name and password. */
    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return users.check(credential.getCaller(), credential.getPasswordAsString())
                .map(caller -> new CredentialValidationResult(caller.name(), caller.groups()))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
