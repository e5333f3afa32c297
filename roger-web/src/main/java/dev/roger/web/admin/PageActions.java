package dev.roger.web.admin;

import dev.roger.api.RogerException;
import dev.roger.web.security.ConfiguredIdentityStore;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every bean of the page shares: the role check before an action (on the server, whatever the
 * page shows) and the messages the page shows.
 */
final class PageActions {

    private static final Logger LOG = Logger.getLogger(PageActions.class.getName());

    private PageActions() {}

    static boolean isAdmin() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(ConfiguredIdentityStore.ADMIN_ROLE);
    }

    /** Runs the action if the caller is an admin, then shows {@code success} (if any) or why it failed. */
    static void act(Runnable action, String success) {
        if (!isAdmin()) {
            error(null, "Your role (roger-viewer) may look but not act.");
            return;
        }
        try {
            action.run();
            if (success != null) {
                info(success);
            }
        } catch (RuntimeException e) {
            error(null, describe(e));
        }
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    static void info(String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
    }

    static void error(String clientId, String text) {
        FacesContext.getCurrentInstance()
                .addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    }

    /** Roger's own words for what went wrong; anything else (a driver's, say) goes to the log, not the page. */
    static String describe(RuntimeException e) {
        if (e instanceof RogerException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        LOG.log(Level.WARNING, "an admin page action failed", e);
        return "The action failed; the server log says why.";
    }
}
