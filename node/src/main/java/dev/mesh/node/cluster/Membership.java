package dev.mesh.node.cluster;

import java.util.Set;

/** Whom this node is in a cluster with, as status, health and metrics report it; a node alone has nobody. */
public interface Membership {
  Membership ALONE = new Membership() {
    @Override
    public boolean clustered() {
      return false;
    }

    @Override
    public Set<String> members() {
      return Set.of();
    }

    @Override
    public boolean running() {
      return true;
    }
  };

  boolean clustered();

  /** The Vert.x node ids of the members, this node's included; none alone. */
  Set<String> members();

  /** Whether the cluster runtime is up (a node alone always is). */
  boolean running();

  /** The members with where they connect from and since when this node has seen them; none alone. */
  default java.util.List<ClusterMember> memberDetails() {
    return java.util.List.of();
  }
}
