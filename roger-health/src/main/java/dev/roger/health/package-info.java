/** MicroProfile Health checks (readiness and liveness), which read the engine's status over JMX. */
package dev.roger.health;
