package dev.roger.cluster;

import dev.roger.worker.CancelStore;
import dev.roger.worker.DeliveryStore;

/** The shared database's tables the cluster's operations and maintenance read and write. */
public record ClusterStores(
        CancelStore cancels, DeliveryStore deliveries, InstanceStore instances, PauseStore pauses) {}
