/** The one JSON configuration of the mesh, and decoding that turns every failure into a field-path error. */
package dev.mesh.protocol.json;
