package dev.roger.cluster;

/**
 * The cluster's generated secret, for clusters that configure none: the first instance to start
 * writes a random one, every other reads it. Whoever can read Roger's tables is trusted already;
 * a producer that can only write to the broker's virtual host cannot.
 */
public interface SecretStore {

    String cluster();
}
