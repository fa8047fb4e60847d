/** Tasks on the wire: what a client asks for, what the mesh records, what comes back. */
package dev.mesh.protocol.task;
