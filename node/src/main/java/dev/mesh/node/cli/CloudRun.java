package dev.mesh.node.cli;

import dev.mesh.node.household.HouseholdWorkload;
import dev.mesh.protocol.advert.Circuit;
import dev.mesh.protocol.advert.Remote;
import dev.mesh.protocol.task.TaskRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The demo's cloud run: editorial drafts at the entry node, one at a time — a few while the cloud answers, a few
 * while it is down, the last once the macmini's circuit for it admits tasks again. Each phase starts on a condition
 * polled for, never on a hopeful sleep, so the tally is the same every run.
 */
final class CloudRun {
  /** The circuit opens on the first refused call and admits again one probe after the cloud is back: seconds. */
  private static final Duration CIRCUIT_WITHIN = Duration.ofSeconds(30);

  private final HouseholdCloud cloud;
  private final DemoClient entry;
  private final String entryName;
  private final CloudReport report;

  CloudRun(HouseholdCloud cloud, DemoClient entry, String entryName, CloudReport report) {
    this.cloud = cloud;
    this.entry = entry;
    this.entryName = entryName;
    this.report = report;
  }

  /** Returns each draft with the phase it was sent in, in order. */
  List<CloudTask> run(List<String> requests) throws IOException, InterruptedException {
    int perPhase = requests.size() / CloudPhase.values().length;
    report.note("");
    report.note("The cloud: the macmini also calls remote '" + HouseholdCloud.REMOTE + "' (OpenAI API, network cloud),"
        + " the only model of tier '" + HouseholdWorkload.CLOUD_TIER + "' —");
    report.note("here another node process serving '" + HouseholdCloud.MODEL + "', reached through a fault proxy in"
        + " this launcher at " + cloud.url() + ".");
    report.note(String.format("%d short editorial drafts at the %s, one at a time: %d while the cloud answers, %d while"
        + " it is down, %d once it is back.", perPhase * CloudPhase.values().length, entryName, perPhase, perPhase,
        perPhase));
    report.note("Each as it ends: phase, kind, node and model that ran it, actual time, what happened:");
    List<CloudTask> tasks = new ArrayList<>();
    for (CloudPhase phase : CloudPhase.values()) {
      enter(phase);
      int first = phase.ordinal() * perPhase;
      for (String request : requests.subList(first, first + perPhase)) {
        // one at a time: a circuit on trial (half open) takes one task, and one sent beside it would degrade
        tasks.add(report.ended(new CloudTask(phase, ended(request))));
      }
    }
    return tasks;
  }

  private void enter(CloudPhase phase) throws IOException, InterruptedException {
    switch (phase) {
      case UP -> { }
      case DOWN -> {
        cloud.goDown();
        report.note("The cloud goes down: the proxy refuses its connections, as a dead host or a cut line does.");
      }
      case BACK -> {
        // seen open first: else a view from before the outage could pass for the cloud being back
        Optional<Remote> out = CloudCircuit.await(entry, c -> c == Circuit.OPEN, CIRCUIT_WITHIN);
        report.note("The " + entryName + " sees the macmini's circuit for the cloud " + out.map(CloudRun::circuit)
            .orElse("not open") + ". The cloud comes back: the proxy forwards again.");
        long since = System.nanoTime();
        cloud.comeBack();
        Optional<Remote> back = CloudCircuit.await(entry, Circuit::admits, CIRCUIT_WITHIN);
        report.note(String.format(Locale.ROOT, "The macmini probes it (GET /v1/models): circuit %s after %.1f s,"
            + " so tasks try it again.", back.map(r -> r.circuit().wire()).orElse("still open"),
            (System.nanoTime() - since) / 1e9));
      }
    }
  }

  /** {@code open (unreachable)}, {@code half_open}: the circuit and, while it is not closed, why it opened. */
  private static String circuit(Remote remote) {
    return remote.circuit().wire() + (remote.outage() == null ? "" : " (" + remote.outage() + ")");
  }

  private TaskRecord ended(String request) throws IOException, InterruptedException {
    try {
      return entry.ended(entry.accept(request)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
    }
  }
}
