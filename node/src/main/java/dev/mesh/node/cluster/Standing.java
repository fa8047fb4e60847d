package dev.mesh.node.cluster;

/**
 * Whether this node may act for the mesh now. A node the others dropped — frozen or starved past the heartbeat
 * limit — holds a cut-off, stale copy of the mesh until it merges back: meanwhile it accepts no task and starts
 * none, since the others may have moved its tasks and a client may have retried its submit elsewhere.
 */
public interface Standing {
  /** A node outside any cluster: nobody can drop it, it always stands. */
  Standing ALONE = new Standing() {
    @Override
    public boolean settled() {
      return true;
    }

    @Override
    public void onSettled(Runnable listener) {
      // never unsettled
    }
  };

  /** False while this node is merging back after the others dropped it. Any thread; on the node's context exact. */
  boolean settled();

  /** Called on the node's context each time this node is settled again. */
  void onSettled(Runnable listener);
}
