package dev.roger.spi;

/**
 * The settings roger-web needs for logging in and bounding request bodies, produced from the configuration as a CDI bean so the
 * web module need not reach into the engine's whole {@code RogerConfig}.
 *
 * @param admin may read and act (role roger-admin)
 * @param viewer may only read (role roger-viewer)
 * @param producer may only enqueue (role roger-producer)
 * @param producerApplications the applications the producer may enqueue into; empty: every one
 * @param maxMessageBytes {@code roger.max-message-bytes}, which bounds the body of a request
 */
public record WebSettings(
        AdminCredentials admin,
        AdminCredentials viewer,
        AdminCredentials producer,
        java.util.Set<String> producerApplications,
        SecuritySettings security,
        int maxMessageBytes) {

    /** Whether the producer may enqueue into the application. */
    public boolean producerMayEnqueue(String application) {
        return producerApplications.isEmpty() || producerApplications.contains(application);
    }
}
