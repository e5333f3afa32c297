package dev.roger.api;

/** What a recurring job does about the fire times that passed while no instance of the cluster ran. */
public enum MissedFires {
    /** Fire once, at start, for all of them together (the default). */
    CATCH_UP,
    /** Leave them out; the next fire is the next one due from now. */
    SKIP
}
