/** The wire contract of mesh: records, JSON codec, validation, GGUF header reading. */
package dev.mesh.protocol;
