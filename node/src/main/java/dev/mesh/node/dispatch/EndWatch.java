package dev.mesh.node.dispatch;

import dev.mesh.node.store.TaskStore;
import io.vertx.core.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells a runner when a task it holds (queued or running) ends by a change made elsewhere — a cancel, entered at
 * any node, reaches the node that holds the task as one more version of its record. The record's change is enough:
 * no message of its own, so nothing more travels between nodes. Lives on the runner's context.
 */
final class EndWatch {
  private final Context context;
  private final TaskStore store;
  /** Per followed task: what to do when it ends (replaced as the task moves from queue to engine). */
  private final Map<String, Runnable> actions = new HashMap<>();
  private final Map<String, Runnable> unwatch = new HashMap<>();

  EndWatch(Context context, TaskStore store) {
    this.context = context;
    this.store = store;
  }

  /** From now on, {@code onEnd} runs once if the task ends before {@link #forget}; replaces what was asked before. */
  void follow(String id, Runnable onEnd) {
    actions.put(id, onEnd);
    if (!unwatch.containsKey(id)) {
      unwatch.put(id, store.watch(id, r -> {
        if (r.terminal()) {
          context.runOnContext(v -> ended(id));
        }
      }));
    }
    // an end learned before the watch began would otherwise go unnoticed
    if (store.get(id).map(r -> r.terminal()).orElse(false)) {
      context.runOnContext(v -> ended(id));
    }
  }

  /** The task left the runner (its outcome is stored, or it is no longer this node's): nothing to tell. */
  void forget(String id) {
    actions.remove(id);
    Runnable stop = unwatch.remove(id);
    if (stop != null) {
      stop.run();
    }
  }

  private void ended(String id) {
    Runnable action = actions.get(id);
    forget(id);
    if (action != null) {
      action.run();
    }
  }
}
