/**
 * The worker budget: the most jobs that run at once on an instance across all applications, shared
 * between the applications that have work by weight when it is the bottleneck ({@link
 * dev.roger.budget.WorkerBudget}). It knows applications and runnables, nothing of queues or the broker.
 */
package dev.roger.budget;
