package dev.mesh.protocol.task;

import java.util.List;

/**
 * The placement of a record written before records carried one (a journal or folder file from an older node):
 * read once from its hops, as older nodes decided it. Nothing else reads placement from hops.
 */
final class LegacyPlacement {
  private static final String CLAIM_REASON = "claimed from the shared folder";

  private LegacyPlacement() {}

  static Placement of(Task task, List<Hop> hops) {
    String holder = task.origin();
    Placement.Via via = Placement.Via.HERE;
    for (Hop h : hops) {
      if (h.node() != null) {
        holder = h.node();
      }
      switch (h.event()) {
        case HANDOFF -> via = Placement.Via.FOLDER;
        case WAITING -> via = Placement.Via.WAITING;
        case HOP -> via = CLAIM_REASON.equals(h.reason()) ? Placement.Via.CLAIMED : Placement.Via.HERE;
        case REQUEUED -> via = Placement.Via.HERE;
        default -> { } // routed, started, finished...: the task stays where it was
      }
    }
    return new Placement(holder, via, null);
  }
}
