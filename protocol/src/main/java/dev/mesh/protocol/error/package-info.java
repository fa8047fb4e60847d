/** Errors at the API edge: stable codes, field-path validation errors. */
package dev.mesh.protocol.error;
