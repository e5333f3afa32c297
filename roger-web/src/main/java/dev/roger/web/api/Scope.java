package dev.roger.web.api;

/** {@code ?scope=instance} (the default) or {@code ?scope=cluster}. */
enum Scope {
    INSTANCE,
    CLUSTER;

    static Scope of(String text) {
        return switch (text == null ? "instance" : text) {
            case "instance" -> INSTANCE;
            case "cluster" -> CLUSTER;
            default -> throw new IllegalArgumentException("scope must be instance or cluster, not '" + text + "'");
        };
    }
}
