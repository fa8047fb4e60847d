package dev.mesh.node.cluster;

import java.time.Instant;

/**
 * A Hazelcast member as this node sees it: its Vert.x node id, its address, whether it is a lite member (holds no
 * data: how a stranger joins cheaply), and when this node first saw it.
 */
public record ClusterMember(String nodeId, String address, boolean lite, boolean self, Instant firstSeen) {}
