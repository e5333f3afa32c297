/**
 * Purges: an operator's purge of a queue drains it through Roger ({@link dev.roger.purge.QueuePurges}),
 * so each purged job's record says so and its keys are released, and nothing else's keys are.
 */
package dev.roger.purge;
