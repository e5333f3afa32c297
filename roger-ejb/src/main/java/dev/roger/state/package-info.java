/** The shared, durable state on the database every instance uses: cancels, keys, pauses, instances, buried and parked jobs. Portable SQL for H2 and PostgreSQL. */
package dev.roger.state;
