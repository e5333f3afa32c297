package dev.roger.config;

/** A value that must never be printed: its {@code toString} hides it, so logging a configuration is safe. */
public record Secret(String value) {

    @Override
    public String toString() {
        return "<hidden>";
    }
}
