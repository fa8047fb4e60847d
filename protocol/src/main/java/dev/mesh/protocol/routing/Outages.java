package dev.mesh.protocol.routing;

/** Whether a routing pass heeds remotes that are out (and a spent cloud budget), or routes as if all were up. */
enum Outages {
  HEEDED, IGNORED
}
