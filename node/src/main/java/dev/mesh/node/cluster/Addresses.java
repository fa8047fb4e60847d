package dev.mesh.node.cluster;

/** Event-bus addresses of the mesh; bodies are JSON (the clustered bus refuses Java serialization). */
public final class Addresses {
  /** Published: every node's advert, on change and on a heartbeat. */
  public static final String ADVERTS = "mesh.adverts";
  /** Published by a node that just joined: everyone answers by publishing its advert at once. */
  public static final String ADVERTS_HELLO = "mesh.adverts.hello";
  /** Published: a task's record after every change, so any node can answer for it and wake its waiters. */
  public static final String TASK_UPDATES = "mesh.tasks.updated";

  private Addresses() {}

  /** Point to point: answers at once with this node's name; a raw round trip for diagnostics and benchmarks. */
  public static String ping(String nodeId) {
    return "mesh.node." + nodeId + ".ping";
  }

  /**
   * Published by the node running a task: each piece of text as the engine makes it, {@code {"node","text"}},
   * for whoever streams the task (its entry node's SSE and OpenAI streams). Nobody listening costs nothing.
   */
  public static String tokens(String taskId) {
    return "mesh.task." + taskId + ".tokens";
  }

  /** Point to point, by node name: operator actions on that node ({"action":"drain"|"undrain"}). */
  public static String control(String nodeName) {
    return "mesh.control." + nodeName;
  }

  /** Point to point: hand a task to this node (request/reply). */
  public static String hop(String nodeId) {
    return "mesh.node." + nodeId + ".hop";
  }
}
