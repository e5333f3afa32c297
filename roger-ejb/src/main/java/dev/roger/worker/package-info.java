/** Running jobs: a consumer per queue, a worker per delivery, retries, execution keys and job events; a delivery is acknowledged only once its outcome is recorded. */
package dev.roger.worker;
