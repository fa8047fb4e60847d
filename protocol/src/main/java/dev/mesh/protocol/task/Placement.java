package dev.mesh.protocol.task;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a task is and how it got there: the node answerable for it now ({@code holder}) and in what way. Kept
 * on the record by every transition, so no decision has to re-derive it from the history of hops.
 *
 * @param target with {@link Via#FOLDER}: the node the folder file is addressed to (null: any node)
 */
public record Placement(String holder, Via via, String target) {

  /** How the holder has the task. */
  public enum Via {
    /** Queued or running at the holder: accepted there, handed there over the event bus, or re-queued there. */
    HERE,
    /** Held at the holder until a node that can run it appears. */
    WAITING,
    /** In the shared folder, addressed to {@code target}; the holder waits for its result file. */
    FOLDER,
    /** Claimed from the shared folder by the holder: its lease there, not the cluster, decides who runs it. */
    CLAIMED;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Placement {
    Objects.requireNonNull(holder, "holder must not be null");
    Objects.requireNonNull(via, "via must not be null");
  }

  public static Placement at(String holder) {
    return new Placement(holder, Via.HERE, null);
  }

  public boolean heldBy(String node) {
    return holder.equals(node);
  }

  public boolean is(Via v) {
    return via == v;
  }
}
