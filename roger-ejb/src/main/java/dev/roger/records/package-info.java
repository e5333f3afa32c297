/**
 * Job records: what happened to each job, kept in the shared database. The engine reports each step
 * of a job's life to {@link dev.roger.records.JobRecords}; a {@link dev.roger.records.RecordWriter}
 * per instance writes them in batches off the job's path, from a bounded buffer.
 */
package dev.roger.records;
