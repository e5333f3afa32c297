package dev.roger.api;

import java.util.List;

/** What one instance reports of itself: its applications and the jobs it runs. */
public record InstanceInfo(String name, List<ApplicationInfo> applications, List<RunningJobInfo> runningJobs) {}
