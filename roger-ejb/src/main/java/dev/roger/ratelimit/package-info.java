/**
 * Rate limits: at most so many jobs of a queue, or of an application's queues together, start per
 * second, minute or hour, cluster-wide. {@link dev.roger.ratelimit.RateLimits} owns the limits of this
 * instance (configured, or set at run time in the shared database) and lets deliveries on to the worker
 * budget as starts of a limit's current window come free; instances lease batches of starts from one
 * shared row per limit ({@link dev.roger.ratelimit.RateLimitStore}), so no start writes to the database.
 */
package dev.roger.ratelimit;
