package dev.roger.keys;

import java.io.IOException;

/** Puts a job the database held back on its queue, returning once the broker confirmed it. */
@FunctionalInterface
public interface Republisher {

    void republish(HeldJob job) throws IOException;
}
