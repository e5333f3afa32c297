/** The shared, durable state on the database every instance uses: cancels, keys, pauses, instances, buried jobs and parked messages. Portable SQL for H2 and PostgreSQL. */
package dev.roger.state;
