/** The cluster: the signed broadcast bus, cluster-wide operations (cancel, pause, info), the in-memory cache of cancels and pauses, and the periodic work (heartbeat, reload, recovery). */
package dev.roger.cluster;
