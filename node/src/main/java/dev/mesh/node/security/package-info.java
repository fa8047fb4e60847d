/**
 * The mesh key at work in a node: every event-bus message and cluster-map value sealed with it, and what fails to
 * open dropped, counted and logged. (Members that never proved they hold it — strangers — are the cluster package's.)
 */
package dev.mesh.node.security;
