package dev.mesh.protocol.routing;

/** Whether a routing pass lets cloud models compete: never (local only), held back (local first), or competing. */
enum CloudUse {
  NEVER, HELD_BACK, COMPETES
}
