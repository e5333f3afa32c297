package dev.roger.keys;

/** What a recovery gave up: queue keys, and places in execution keys' lines. */
public record ReleasedKeys(int queueKeys, int executionPlaces) {

    public boolean any() {
        return queueKeys + executionPlaces > 0;
    }
}
