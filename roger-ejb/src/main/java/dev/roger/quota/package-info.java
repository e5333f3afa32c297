/**
 * Quotas: the bounds on an application's waiting and on its parked and buried jobs, checked at each
 * enqueue on counts at most two seconds old. Knows applications and counts, nothing of the broker or
 * the database (the engine gives it a {@link dev.roger.quota.Quotas.Counter}).
 */
package dev.roger.quota;
