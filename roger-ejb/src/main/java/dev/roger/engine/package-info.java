/** The engine's life and its facade: start and stop with the deployment, the injectable {@code RogerService}, enqueueing, and the engine's status for health and JMX. */
package dev.roger.engine;
