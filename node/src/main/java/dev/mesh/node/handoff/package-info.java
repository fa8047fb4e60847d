/** The node's side of the shared folder: the fallback transport, and the only one of a node outside the cluster. */
package dev.mesh.node.handoff;
