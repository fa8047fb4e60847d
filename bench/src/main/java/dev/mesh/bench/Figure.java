package dev.mesh.bench;

import java.util.Locale;

/** One measured number, or a ratio ({@code unit} "x") with the target it is read against. */
public record Figure(String bench, String name, double value, String unit, String comment) {

  public String formattedValue() {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    boolean count = unit.isEmpty(); // e.g. threads
    String pattern = unit.equals("x") ? "%.3f" : count || Math.abs(value) >= 100 ? "%.0f" : "%.1f";
    return String.format(Locale.ROOT, pattern, value);
  }
}
