package dev.roger.api;

/**
 * Which of an application's job records to list; null fields match every job.
 *
 * @param state a lowercase state name, as in {@link JobRecord#state()}
 */
public record JobQuery(String state, String queue, String type) {

    public static final JobQuery ALL = new JobQuery(null, null, null);

    public static JobQuery inState(String state) {
        return new JobQuery(state, null, null);
    }
}
