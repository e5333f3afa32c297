/**
 * Running jobs: a consumer per queue ({@link dev.roger.worker.QueueConsumer}, made with its parts by
 * {@link dev.roger.worker.Workers}), the worker that runs each delivery, and the one class that applies
 * an outcome ({@code Outcomes}); a delivery is settled exactly once ({@code DeliverySettler}), and only
 * after its outcome is recorded. What a job sees of its own run ({@code CurrentJob}) is set per worker
 * thread by {@link dev.roger.worker.CurrentRuns}. Retries and burial go through {@link dev.roger.worker.JobRouting}.
 */
package dev.roger.worker;
