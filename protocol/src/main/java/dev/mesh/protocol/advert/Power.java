package dev.mesh.protocol.advert;

/** Configured power draw in watts, idle and busy; the "greenest" objective multiplies by time. */
public record Power(double idleWatts, double busyWatts) {}
