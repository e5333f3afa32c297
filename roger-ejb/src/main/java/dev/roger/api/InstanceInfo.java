package dev.roger.api;

import java.util.List;

/**
 * What one instance reports of itself: its applications, the jobs it runs, and the purges it ran in
 * the last minutes (an instance of an earlier release reports none).
 */
public record InstanceInfo(
        String name, List<ApplicationInfo> applications, List<RunningJobInfo> runningJobs, List<QueuePurge> purges) {

    public InstanceInfo {
        purges = purges == null ? List.of() : List.copyOf(purges);
    }
}
