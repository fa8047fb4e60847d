/**
 * The mesh key: what a node seals before anything leaves it for the cluster (AES-256-GCM, bound to where it goes)
 * and the MAC on files it writes to the shared folder. Hazelcast's open-source edition authenticates no member, so
 * the payloads carry their own protection.
 */
package dev.mesh.protocol.seal;
