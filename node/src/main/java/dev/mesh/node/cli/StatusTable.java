package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code /cluster/status} as a terminal table: one row per node, like the dashboard's cards. */
final class StatusTable {
  private static final String[] HEADER = {"NODE", "STATE", "VIA", "MODELS (decode tok/s)", "RAM FREE/TOTAL", "LOAD",
      "WATTS"};

  private StatusTable() {}

  static String render(JsonNode status) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    List<String> notes = new ArrayList<>();
    for (JsonNode n : status.path("nodes")) {
      String name = n.path("name").asText();
      JsonNode heard = status.path("heard").path(name);
      StringBuilder models = new StringBuilder();
      for (JsonNode m : n.path("models")) {
        models.append(models.length() == 0 ? "" : ", ").append(m.path("id").asText()).append(' ')
            .append(String.format(Locale.ROOT, "%.0f", m.path("decodeTokensPerSecond").asDouble()));
      }
      JsonNode memory = n.path("memory");
      JsonNode load = n.path("load");
      JsonNode power = n.path("power");
      rows.add(new String[] {name, n.path("state").asText(), heard.path("via").asText("?"),
          models.length() == 0 ? "-" : models.toString(),
          gb(memory.path("availableBytes").asLong()) + "/" + gb(memory.path("totalBytes").asLong()) + " GB",
          load.path("running").asInt() + " running, " + load.path("queued").asInt() + " queued",
          String.format(Locale.ROOT, "%.0f-%.0f", power.path("idleWatts").asDouble(), power.path("busyWatts").asDouble())});
      if (n.hasNonNull("stateReason")) {
        notes.add(name + ": " + n.path("stateReason").asText());
      }
    }
    StringBuilder out = new StringBuilder();
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
      }
      out.append('\n');
    }
    notes.forEach(n -> out.append("  ").append(n).append('\n'));
    JsonNode tasks = status.path("tasks");
    out.append("tasks here: ");
    List<String> counts = new ArrayList<>();
    tasks.fields().forEachRemaining(e -> counts.add(e.getValue().asInt() + " " + e.getKey()));
    out.append(String.join(", ", counts)).append('\n');
    JsonNode handoff = status.path("transports").path("handoff");
    if (handoff.isObject()) {
      out.append("shared folder: ").append(handoff.path("dir").asText()).append(", ")
          .append(handoff.path("pending").asInt()).append(" waiting\n");
    }
    return out.toString();
  }

  private static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e9);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(1, width - s.length()));
  }
}
