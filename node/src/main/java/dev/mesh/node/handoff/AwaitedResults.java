package dev.mesh.node.handoff;

import dev.mesh.handoff.Inbox;
import dev.mesh.handoff.Results;
import dev.mesh.node.cluster.AdvertBook;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import io.vertx.core.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's side of the shared folder: tasks this node waits for there, each completed from its result file
 * once; one waiting for a node that left the folder moves to the shared inbox, where any node takes it.
 */
final class AwaitedResults {
  private static final Logger LOG = LoggerFactory.getLogger(AwaitedResults.class);
  private static final String ANY_NODE = "";
  private static final String UNKNOWN_TARGET = "?";

  private final Context context;
  private final TaskStore store;
  private final Inbox inbox;
  private final Results results;
  private final AdvertBook book;
  /**
   * By task id, the node it waits for: {@link #ANY_NODE} once moved to the shared inbox, {@link #UNKNOWN_TARGET}
   * until this node has looked where it waits (after a restart or a takeover).
   */
  private final Map<String, String> awaiting = new ConcurrentHashMap<>();

  AwaitedResults(Context context, TaskStore store, Inbox inbox, Results results, AdvertBook book) {
    this.context = context;
    this.store = store;
    this.inbox = inbox;
    this.results = results;
    this.book = book;
  }

  /** The task was just published to {@code target}'s inbox. */
  void sentTo(String id, String target) {
    awaiting.put(id, target);
  }

  /** Waits for a task sent earlier (by this node before a restart, or by one that was lost). */
  void again(String id) {
    awaiting.put(id, UNKNOWN_TARGET);
  }

  /** One pass, on the scanner's thread; {@code live} are the adverts in the folder. */
  void collect(List<NodeAdvert> live) throws IOException {
    for (Map.Entry<String, String> e : awaiting.entrySet()) {
      String id = e.getKey();
      Optional<TaskRecord> ended = results.read(id);
      if (ended.isPresent()) {
        awaiting.remove(id);
        context.runOnContext(v -> complete(id, ended.get()));
        continue;
      }
      Optional<TaskRecord> known = store.get(id);
      if (known.map(TaskRecord::terminal).orElse(false)) {
        awaiting.remove(id); // ended meanwhile (another node took the result over), or its result was pruned
        answerCancel(known.get());
        continue;
      }
      if (UNKNOWN_TARGET.equals(e.getValue())) {
        e.setValue(inbox.addressedTo(id).orElse(ANY_NODE));
        // the result is read again after the look: a claimer may have written it and dropped its claim since
        if (!inbox.present(id) && results.read(id).isEmpty()) {
          republish(id);
          continue;
        }
      }
      String target = e.getValue();
      if (!target.equals(ANY_NODE) && !isLive(target, live) && inbox.readdressToAny(id, target)) {
        e.setValue(ANY_NODE);
        LOG.info("task {}: {} is gone; moved to the shared inbox for any node", id, target);
      }
    }
  }

  /**
   * A task cancelled while it waits in the folder is answered there with its cancelled record: the folder's result is
   * written once, and a node that claims a copy of a task with a result drops it unrun — a node outside the cluster
   * included, which hears of the cancel no other way.
   */
  private void answerCancel(TaskRecord ended) throws IOException {
    if (ended.state() == TaskState.CANCELLED && results.store(ended)) {
      LOG.info("task {}: cancelled while in the shared folder; answered there so no node runs it", ended.id());
    }
  }

  /**
   * After a restart, a task this node had recorded as sent is nowhere in the folder and has no result: the node
   * stopped between recording the handoff and publishing the file. Nobody can have run it, so it is published
   * now — to the shared inbox, for any node that can run it.
   */
  private void republish(String id) throws IOException {
    Optional<TaskRecord> record = store.get(id);
    if (record.isPresent() && !record.get().terminal()) {
      inbox.publish(record.get(), null);
      LOG.info("task {}: not in the shared folder after a restart (this node stopped before publishing it);"
          + " published to the shared inbox", id);
    }
  }

  private boolean isLive(String node, List<NodeAdvert> inFolder) {
    return inFolder.stream().anyMatch(a -> a.name().equals(node))
        || book.live().stream().anyMatch(a -> a.name().equals(node));
  }

  /** The outcome another node wrote for a task sent from here becomes this task's outcome, once. */
  private void complete(String id, TaskRecord ended) {
    // the folder's record continues this one when nothing happened here since it was sent: take it whole
    store.update(id, r -> r.terminal() ? null : ended.continues(r) ? ended : r.endedAs(ended))
        .onSuccess(r -> LOG.info("task {}: {} through the shared folder", id, r.state().wire()))
        .onFailure(e -> {
          if (e instanceof TaskStore.StaleChange) {
            LOG.debug("task {}: ended already (another node took its result from the folder)", id);
          } else {
            LOG.warn("task {}: result from the folder not taken: {}", id, e.getMessage());
          }
        });
  }
}
