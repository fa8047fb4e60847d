package dev.mesh.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints figures as they are measured and the whole table at the end. */
public final class Report {
  private final PrintStream out;
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  public Report(PrintStream out) {
    this.out = out;
  }

  public void figure(String bench, String name, double value, String unit) {
    add(new Figure(bench, name, value, unit, ""));
  }

  /** A ratio of two figures of this run; {@code target} says how to read it, e.g. "target >= 0.95". */
  public void ratio(String bench, String name, double value, String target) {
    add(new Figure(bench, name, value, "x", target));
  }

  public void note(String bench, String text) {
    notes.add(bench + ": " + text);
    out.println("  note: " + text);
  }

  public void failure(String bench, Throwable e) {
    failures.add(bench + ": " + e);
    out.println("  FAILED: " + e);
  }

  public boolean failed() {
    return !failures.isEmpty();
  }

  public void printSummary() {
    out.println();
    out.println("== summary ==");
    out.printf("%-16s %-58s %10s  %-6s %s%n", "bench", "figure", "value", "unit", "");
    for (Figure f : figures) {
      out.printf("%-16s %-58s %10s  %-6s %s%n", f.bench(), f.name(), f.formattedValue(), f.unit(), f.comment());
    }
    notes.forEach(n -> out.println("note    " + n));
    failures.forEach(f -> out.println("FAILED  " + f));
  }

  private void add(Figure f) {
    figures.add(f);
    out.printf("  %-58s %10s %s %s%n", f.name(), f.formattedValue(), f.unit(), f.comment());
  }
}
