package dev.roger.amqp;

/**
 * The RabbitMQ version a connection reports, as far as Roger's queue arguments depend on it.
 *
 * @param text the server's own version string, e.g. {@code 4.0.5}
 */
record BrokerVersion(int major, int minor, String text) {

    /** Reads the {@code version} server property; an unreadable one counts as 3.x, whose arguments 4.x also accepts. */
    public static BrokerVersion of(Object serverVersion) {
        String text = serverVersion == null ? "unknown" : serverVersion.toString();
        String[] parts = text.split("[.\\-+]");
        try {
            return new BrokerVersion(
                    Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0, text);
        } catch (NumberFormatException e) {
            return new BrokerVersion(3, 0, text);
        }
    }

    /** From 4.0 a quorum queue limits deliveries to 20 by default, and {@code x-delivery-limit=-1} lifts it. */
    public boolean limitsDeliveriesByDefault() {
        return major >= 4;
    }

    @Override
    public String toString() {
        return text;
    }
}
