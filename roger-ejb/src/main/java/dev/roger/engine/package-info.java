/**
 * The engine's life and its facade. {@code RogerEngine} starts and stops it with the deployment;
 * {@code Roger} is the composition root, wired by hand (internals are plain objects, never CDI beans);
 * {@code DefaultRogerService} is the injectable {@code RogerService}, which checks names
 * ({@code NameCheck}) and calls the narrow services: enqueueing ({@code Enqueuer}), the applications
 * of this instance ({@code ApplicationControl}), the cluster operations and the dead letters. Also
 * here: the broker connection ({@code BrokerLink}), the cluster key check ({@code ClusterSecret}) and
 * the engine's status for health and JMX ({@code EngineStatus}).
 */
package dev.roger.engine;
