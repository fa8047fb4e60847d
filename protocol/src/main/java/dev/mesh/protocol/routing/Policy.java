package dev.mesh.protocol.routing;

/** How one routing pass treats remote engines: whether cloud models may compete, and whether outages count. */
record Policy(CloudUse cloud, Outages outages) {}
