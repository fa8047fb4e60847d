package dev.mesh.bench.routing;

/** What one node has at the moment a task is placed: tasks not yet finished (running or waiting), seconds left. */
record NodeLoad(int tasks, double backlogSeconds) {}
