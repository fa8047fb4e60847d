package dev.mesh.node.jobs;

import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.task.TaskRecord;
import io.vertx.core.Context;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Starts a job's callback once every one of its tasks has ended, wherever they ran. The ends are heard as the
 * nodes publish them; the tasks still open are also re-read from the mesh's records every few seconds, since an
 * end published while this node was cut off or frozen is never heard again (the chaos suite found a job whose
 * callback never came that way).
 */
public final class JobWatcher {
  /** How often the open tasks of a watched job are re-read. */
  private static final long RECHECK_MS = 5_000;

  private final Context context;
  private final TaskStore tasks;
  private final CallbackSender sender;

  public JobWatcher(Context context, TaskStore tasks, CallbackSender sender) {
    this.context = context;
    this.tasks = tasks;
    this.sender = sender;
  }

  public void watch(Job job) {
    if (job.callback() == null || !job.callback().pending()) {
      return;
    }
    if (!job.callback().attempts().isEmpty()) {
      sender.deliver(job.id()); // ended before a restart: carry on with the retries
      return;
    }
    Set<String> open = ConcurrentHashMap.newKeySet();
    open.addAll(job.tasks());
    List<Runnable> stops = new CopyOnWriteArrayList<>();
    AtomicBoolean fired = new AtomicBoolean();
    Consumer<TaskRecord> seen = r -> {
      if (r.terminal() && open.remove(r.id()) && open.isEmpty() && fired.compareAndSet(false, true)) {
        context.runOnContext(v -> {
          stops.forEach(Runnable::run);
          sender.deliver(job.id());
        });
      }
    };
    // watch first, then look: a task that ends in between is seen either way
    job.tasks().forEach(id -> stops.add(tasks.watch(id, seen)));
    job.tasks().forEach(id -> tasks.find(id).onSuccess(found -> found.ifPresent(seen)));
    long recheck = context.owner().setPeriodic(RECHECK_MS, t -> tasks.reread(Set.copyOf(open)));
    stops.add(() -> context.owner().cancelTimer(recheck));
  }
}
