/** Applications (tenants) running on this instance: their queues, consumers and concurrency, started, reconfigured, paused and stopped. */
package dev.roger.application;
