package dev.mesh.protocol.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Copies for record components: unlike List.copyOf, keeps null (absent) and null elements,
 *  so the validator can report {@code labels[1]} instead of the constructor throwing. */
final class Lists {
  private Lists() {}

  static <T> List<T> freeze(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
