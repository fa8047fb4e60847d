/**
 * Choosing where a task runs from node adverts alone (docs/architecture.md, routing): pure functions, no
 * I/O and no clock, so every node given the same adverts makes the same choice.
 */
package dev.mesh.protocol.routing;
