package dev.mesh.node.cli;

import dev.mesh.node.household.HouseholdWorkload;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mesh demo}: the seed household on this machine. Starts a pi, an imac and a macmini node
 * process and a cloud the macmini calls, waits for the cluster, routes the seed workload through the pi and
 * prints where each task ran and why; then takes the cloud down and back while drafts only it serves run; then
 * stops the nodes ({@code --once}) or leaves them serving until Ctrl-C.
 */
final class HouseholdDemo {
  private final Path dir;
  private final Path model;
  private final int entryPort;
  private final boolean once;
  private final PrintStream out;

  HouseholdDemo(Path dir, Path model, int entryPort, boolean once, PrintStream out) {
    this.dir = dir;
    this.model = model;
    this.entryPort = entryPort;
    this.once = once;
    this.out = out;
  }

  int run() throws Exception {
    HouseholdCloud cloud = new HouseholdCloud(dir, model);
    Household household = new Household(dir, model, entryPort, cloud.remote());
    Thread onCtrlC = new Thread(() -> stop(household, cloud), "mesh-demo-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      start(household, cloud);
      List<TaskRecord> records = runWorkload(household);
      boolean cloudBehaved = runCloud(household, cloud);
      printStatusUrls(household, cloud);
      boolean allSucceeded = records.stream().allMatch(r -> r.state() == TaskState.SUCCEEDED);
      if (!once) {
        keepServing(household, cloud);
        return 1; // only reached when every node has stopped by itself
      }
      // the demo's own check: every task done, and the cloud served, then degraded (labelled), then served again
      return allSucceeded && cloudBehaved ? 0 : 1;
    } catch (HouseholdException e) {
      System.err.println("mesh demo: " + e.getMessage());
      return 1;
    } finally {
      stop(household, cloud);
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook has run or runs now, and stop() is idempotent
      }
    }
  }

  private void start(Household household, HouseholdCloud cloud)
      throws IOException, HouseholdException, InterruptedException {
    out.println("mesh demo: the household on one machine — three node processes in " + dir);
    cloud.start(); // first: the macmini probes it as soon as it is up
    household.start();
    for (HouseholdNode node : household.nodes()) {
      out.printf("  %-8s pid %-7d %s  profile %s, log %s%n", node.name(), node.pid(), node.baseUrl(), node.name(),
          node.log().getFileName());
    }
    HouseholdNode remote = cloud.node();
    out.printf("  %-8s pid %-7d %s  not in the household: the macmini calls it through %s, log %s%n", remote.name(),
        remote.pid(), remote.baseUrl(), cloud.url(), remote.log().getFileName());
    out.println("Waiting for each node to be healthy, measure its engine and see the other two ...");
    household.awaitReady(out);
    cloud.awaitServing(household.client(household.entry()), out);
  }

  private List<TaskRecord> runWorkload(Household household) throws IOException, InterruptedException {
    List<String> requests = HouseholdWorkload.requests();
    HouseholdNode entry = household.entry();
    out.println();
    out.println("Seed workload at the " + entry.name() + ": score 40 research items (score 0-10), flag 8 log lines"
        + " (classify), embed 20 notes, 2 short drafts (generate, heavy tier).");
    out.println("The stack: pi serves 'light' for everything; macmini 'light' for triage and embeddings and 'writer'"
        + " (tier heavy) for drafts.");
    out.println("Each task as it ends: kind, node and model that ran it, routing estimate vs actual time (from the"
        + " decision that sent it there), why it went there:");
    HouseholdReport report = new HouseholdReport(out);
    List<TaskRecord> records = HouseholdRun.run(household.client(entry), entry.name(), requests, report);
    report.totals(records, household.nodes(), household.client(entry).adverts());
    report.estimates(records);
    report.results(records);
    return records;
  }

  /** The editorial drafts while the cloud answers, is down, is back; true when each phase went as it says. */
  private boolean runCloud(Household household, HouseholdCloud cloud) throws IOException, InterruptedException {
    CloudReport report = new CloudReport(out);
    HouseholdNode entry = household.entry();
    CloudRun run = new CloudRun(cloud, household.client(entry), entry.name(), report);
    return report.verdict(run.run(HouseholdWorkload.editorialRequests()));
  }

  private void printStatusUrls(Household household, HouseholdCloud cloud) {
    out.println();
    out.println("Cluster status (every node shows the whole cluster):");
    for (HouseholdNode node : household.nodes()) {
      out.printf("  %-8s %s/cluster/status%s%n", node.name(), node.baseUrl(),
          node == household.entry() ? "   (tasks entered here: POST " + node.baseUrl() + "/v1/tasks)" : "");
    }
    out.printf("  %-8s %s/cluster/status   (alone: in no cluster)%n", cloud.node().name(), cloud.node().baseUrl());
    out.println("Configs and logs: " + dir + "/{pi,imac,macmini,cloud}.{yaml,log}");
  }

  private void keepServing(Household household, HouseholdCloud cloud) throws InterruptedException {
    List<HouseholdNode> all = new ArrayList<>(household.nodes());
    all.add(cloud.node());
    for (HouseholdNode node : all) {
      node.process().onExit().thenAccept(p -> {
        if (!household.stopped()) {
          out.println("node " + node.name() + " stopped (exit code " + p.exitValue() + "); see " + node.log());
        }
      });
    }
    out.println("The three nodes and the cloud keep running; press Ctrl-C to stop them.");
    for (HouseholdNode node : household.nodes()) {
      node.process().waitFor(); // Ctrl-C ends this JVM (and, through the hook, the nodes) while it waits here
    }
  }

  private void stop(Household household, HouseholdCloud cloud) {
    if (household.stopped()) {
      return;
    }
    out.println("Stopping the nodes ...");
    try {
      cloud.requestStop(); // it leaves while the household does
      household.close();
      cloud.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
