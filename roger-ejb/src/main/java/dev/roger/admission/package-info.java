/**
 * How a job is put on its queue, in one place: its keys taken, its message published and confirmed
 * (or its keys given back), then its change announced to the lifecycle. Enqueues, operators'
 * requeues, recurring fires, due scheduled jobs and retries all come through
 * {@link dev.roger.admission.Admission}.
 */
package dev.roger.admission;
