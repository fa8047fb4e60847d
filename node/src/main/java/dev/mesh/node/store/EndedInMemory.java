package dev.mesh.node.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which ended tasks stay in memory: the newest {@code limit} (for status pages and callers that wait), the
 * oldest let go as new ones end. Any thread.
 */
final class EndedInMemory {
  private final int limit;
  /** Ids, the longest ended first. */
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();

  EndedInMemory(int limit) {
    this.limit = limit;
  }

  /** A task ended (or its ended record arrived again); returns the ids to let go of. */
  synchronized List<String> ended(String id) {
    ids.remove(id);
    ids.add(id);
    List<String> out = new ArrayList<>();
    Iterator<String> oldest = ids.iterator();
    while (ids.size() - out.size() > limit && oldest.hasNext()) {
      out.add(oldest.next());
      oldest.remove();
    }
    return out;
  }

  synchronized void forget(String id) {
    ids.remove(id);
  }
}
