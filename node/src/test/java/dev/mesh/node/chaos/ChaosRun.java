package dev.mesh.node.chaos;

import dev.mesh.node.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs chaos runs one after another (each on a fresh mesh), prints the table and every problem found. */
public final class ChaosRun {
  private ChaosRun() {}

  /** {@code mesh.chaos.runs} runs (default 1); true when every one kept the promise. */
  public static boolean runAll() throws Exception {
    int runs = Integer.getInteger("mesh.chaos.runs", 1);
    long firstSeed = Long.getLong("mesh.chaos.seed", System.currentTimeMillis());
    Path model = TestModels.stories260K().orElse(TestModels.synthetic());
    List<ChaosOutcome> outcomes = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      ChaosSettings settings = ChaosSettings.fromProperties(firstSeed + run);
      System.out.printf("chaos run %d of %d: seed %d, %d keyed tasks over %d s, a %d-item webhook job, %d client"
          + " lanes%n", run, runs, settings.seed(), settings.tasks(), settings.duration().toSeconds(),
          settings.hookItems(), settings.lanes());
      ChaosOutcome outcome = once(model, settings);
      outcomes.add(outcome);
      System.out.println(ChaosOutcome.header());
      System.out.println(outcome.row(run));
      outcome.problems().stream().limit(40).forEach(p -> System.out.println("  problem: " + p));
    }
    System.out.println();
    System.out.println("chaos: " + runs + " run(s)");
    System.out.println(ChaosOutcome.header());
    for (int i = 0; i < outcomes.size(); i++) {
      System.out.println(outcomes.get(i).row(i + 1));
    }
    return outcomes.stream().allMatch(ChaosOutcome::kept);
  }

  private static ChaosOutcome once(Path model, ChaosSettings settings) throws Exception {
    try (ChaosMesh mesh = ChaosMesh.start(model)) {
      ChaosClient client = new ChaosClient(mesh, settings);
      List<FaultInjector.Done> faults;
      FaultInjector injector = FaultInjector.start(mesh, settings.seed());
      try (injector) {
        client.run();
      }
      faults = injector.done();
      mesh.cluster.awaitFormed(); // healed: every node up and listing the others
      return new ChaosCheck(mesh, client).judge(faults);
    }
  }
}
