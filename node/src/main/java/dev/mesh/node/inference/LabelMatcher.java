package dev.mesh.node.inference;

import java.util.List;
import java.util.Locale;

/** Maps what a model wrote for a classify task onto one of the caller's labels. */
public final class LabelMatcher {
  private LabelMatcher() {}

  /** The match and whether the model actually named it (false: closest label by shared prefix). */
  public record Match(String label, boolean named) {}

  public static Match match(String output, List<String> labels) {
    String text = output.toLowerCase(Locale.ROOT);
    String best = null;
    int bestAt = Integer.MAX_VALUE;
    for (String label : labels) {
      int at = text.indexOf(label.toLowerCase(Locale.ROOT).strip());
      if (at >= 0 && at < bestAt) {
        best = label;
        bestAt = at;
      }
    }
    if (best != null) {
      return new Match(best, true);
    }
    return new Match(closestByPrefix(text.strip(), labels), false);
  }

  private static String closestByPrefix(String text, List<String> labels) {
    String best = labels.get(0);
    int bestLength = -1;
    for (String label : labels) {
      String l = label.toLowerCase(Locale.ROOT).strip();
      int n = 0;
      while (n < l.length() && n < text.length() && l.charAt(n) == text.charAt(n)) {
        n++;
      }
      if (n > bestLength) {
        best = label;
        bestLength = n;
      }
    }
    return best;
  }
}
