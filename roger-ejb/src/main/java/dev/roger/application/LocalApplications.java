package dev.roger.application;

/**
 * The applications of this instance, as the cluster's operations and maintenance reach them: started
 * and stopped ({@code registry}), looked at ({@code status}), their running jobs ({@code running}).
 */
public record LocalApplications(ApplicationRegistry registry, ApplicationStatus status, RunningJobs running) {}
