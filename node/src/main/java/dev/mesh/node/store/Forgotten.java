package dev.mesh.node.store;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What this node's retention has forgotten, told apart from what it never knew by the time in a task's id: an id
 * accepted no later than the newest one forgotten (noted in the journal, so it holds across restarts) and not
 * before this node's history began.
 */
final class Forgotten {
  private volatile Instant through = Instant.MIN;
  private volatile Instant historyStart = Instant.MAX;

  /** Reads what the journal noted; {@code keep}: a task accepted elsewhere that long before can still come here. */
  void load(TaskJournal journal, Duration keep) {
    through = journal.prunedThrough().orElse(Instant.MIN);
    historyStart = journal.started().map(first -> first.minus(keep)).orElse(Instant.MIN);
  }

  /** These ended tasks were just forgotten. */
  void add(List<String> ids, TaskJournal journal) throws IOException {
    Instant before = through;
    for (String id : ids) {
      TaskIds.issuedAt(id).filter(at -> at.isAfter(through)).ifPresent(at -> through = at);
    }
    if (through.isAfter(before)) {
      journal.notePrunedThrough(through);
    }
  }

  boolean covers(String id) {
    Optional<Instant> issued = TaskIds.issuedAt(id);
    return issued.isPresent() && !issued.get().isAfter(through) && !issued.get().isBefore(historyStart);
  }
}
