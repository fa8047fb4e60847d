package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.NodeProcess.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the offline demo runs real inference on the synthetic model and reports it. */
class DemoIT {
  /** A task's line: kind, the node that ran it, the routing estimate, the actual time, why. */
  private static final Pattern TASK_LINE = Pattern.compile(
      "(?m)^  (score|classify|embed|generate) +(\\S+) +(\\S+) +est +(\\d+\\.\\d\\d) s +actual +(\\d+\\.\\d\\d) s +(\\S.*)$");
  /** An editorial draft's line: phase, kind, the node and model that ran it, the actual time, what happened. */
  private static final Pattern CLOUD_LINE = Pattern.compile(
      "(?m)^  (up|down|back) +(generate) +(\\S+) +(\\S+) +actual +\\d+\\.\\d\\d s +(\\S.*)$");
  private static final String CLOUD_MODEL = "cloud-writer";

  @TempDir Path dir;

  @Test
  void singleNodeDemoRunsEveryKindOnTheSyntheticModelAndPrintsTextEmbeddingAndSpeed() throws Exception {
    // run as a user would, with the jar named relative to the working folder (engines run elsewhere)
    Result demo = NodeProcess.runFromJarFolder(dir, "demo", "--single", "--once",
        "--data-dir", dir.resolve("data").toString());
    assertThat(demo.exitCode()).as(demo.output()).isZero();
    assertThat(Pattern.compile("\\] succeeded in").matcher(demo.output()).results().count()).as(demo.output())
        .isEqualTo(8);
    assertThat(demo.output()).contains("text: ", "embedding of dimension 128", "synthetic: output is nonsense")
        .containsPattern("decode \\d+ tok/s").contains("/cluster/status");
    assertThat(demo.output()).doesNotContain("Exception", "WARNING");
  }

  @Test
  void householdDemoRoutesTheSeedWorkloadAcrossThreeNodeProcessesAndSaysWhy() throws Exception {
    Path data = dir.resolve("household");
    // the jar named relative to its folder: the node processes must still find it from theirs
    Result demo = NodeProcess.runFromJarFolder(dir, "demo", "--once", "--data-dir", data.toString());
    String out = demo.output();
    assertThat(demo.exitCode()).as(out).isZero();
    assertThat(out).containsPattern("pi ready, imac ready, macmini ready")
        .contains("70 of 70 tasks succeeded").containsPattern("Makespan: \\d+\\.\\d\\d s")
        .containsPattern("Estimates against actual times: \\|error\\| median \\d+\\.\\d\\d, p90 \\d+\\.\\d\\d; bias [+-]\\d");

    List<MatchResult> tasks = TASK_LINE.matcher(out).results().toList();
    assertThat(tasks).as(out).hasSize(70);
    assertThat(tasks.stream().map(t -> t.group(2))).as("every task ran on a node with an engine")
        .allMatch(node -> node.equals("pi") || node.equals("macmini"));
    assertThat(tasks.stream().map(t -> t.group(6))).as("every task says why: the imac's exclusion included")
        .allMatch(why -> why.contains("imac: no local engine"));
    assertThat(tasks.stream().filter(t -> t.group(1).equals("score"))).hasSize(40);
    assertThat(tasks.stream().filter(t -> t.group(1).equals("classify"))).hasSize(8);
    assertThat(tasks.stream().filter(t -> t.group(1).equals("embed"))).hasSize(20);
    // the stack: drafts ask for the heavy tier, which only the Mac mini's writer is; the rest run on the light model
    assertThat(tasks.stream().filter(t -> t.group(1).equals("generate")))
        .hasSize(2).allMatch(t -> t.group(2).equals("macmini") && t.group(3).equals("writer"));
    assertThat(tasks.stream().filter(t -> !t.group(1).equals("generate"))).allMatch(t -> t.group(3).equals("light"));
    assertThat(out).containsPattern("labels \\{(anomalous|normal)=\\d+.*\\} \\(each named by the model")
        .containsPattern("40 scores from \\d+ to \\d+ \\(0-10");

    assertThat(out).containsPattern("(?m)^  imac +0 tasks +busy +0\\.00 s +no local engine: cpu lacks avx, avx2")
        .containsPattern("(?m)^  pi +\\d.* engine: 1 thread, ")
        .containsPattern("(?m)^  macmini +\\d.* engine: 2 threads, ")
        .contains("nonsense").contains("Configs and logs: " + data);
    assertThat(Pattern.compile("http://127\\.0\\.0\\.1:\\d+/cluster/status").matcher(out).results().count())
        .as("the household's three and the cloud's").isEqualTo(4);
    assertTheCloudServedThenDegradedLabelledThenServedAgain(out);
    assertThat(out).doesNotContain("Exception", "WARNING");
    assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(command -> command.contains(data.toString()))).as("no node outlives the demo").isEmpty();
  }

  /**
   * The macmini's cloud (another node process behind the launcher's fault proxy) serves the editorial drafts while it
   * answers; while the proxy refuses, each runs on a household model with the degraded label naming what it wanted
   * and what it used; once the circuit admits tasks again, the cloud serves them again — in that order.
   */
  private static void assertTheCloudServedThenDegradedLabelledThenServedAgain(String out) {
    assertThat(out)
        .containsPattern("(?m)^  cloud +ready: the macmini's remote 'cloud' answers \\(circuit (closed|half_open)\\)");
    List<MatchResult> drafts = CLOUD_LINE.matcher(out).results().toList();
    assertThat(drafts).as(out).hasSize(9);
    int down = out.indexOf("The cloud goes down: the proxy refuses its connections");
    int back = out.indexOf("The cloud comes back: the proxy forwards again.");
    assertThat(down).as(out).isPositive().isLessThan(back);
    assertThat(out).containsPattern("The pi sees the macmini's circuit for the cloud open \\(.+\\)\\. The cloud comes")
        .containsPattern("The macmini probes it \\(GET /v1/models\\): circuit (half_open|closed) after \\d+\\.\\d s");
    for (MatchResult draft : drafts) {
      String phase = draft.group(1);
      String node = draft.group(3);
      String model = draft.group(4);
      String what = draft.group(5);
      switch (phase) {
        case "up", "back" -> {
          assertThat(draft.start()).as(draft.group()).isStrictlyBetween(phase.equals("up") ? 0 : back,
              phase.equals("up") ? down : out.length());
          assertThat(node).as(draft.group()).isEqualTo("macmini");
          assertThat(model).as(draft.group()).isEqualTo(CLOUD_MODEL);
          assertThat(what).as(draft.group()).isEqualTo("served by the cloud");
        }
        default -> {
          assertThat(draft.start()).as(draft.group()).isStrictlyBetween(down, back);
          assertThat(node).as(draft.group()).isIn("pi", "macmini");
          assertThat(model).as(draft.group()).isIn("light", "writer");
          assertThat(what).as("labelled: what it wanted, the model it used, why").matches(
              "degraded: wanted " + CLOUD_MODEL + ", used " + model + ", reason: .*\\bcloud\\b.*");
        }
      }
    }
    assertThat(drafts.stream().map(d -> d.group(1))).containsExactly(
        "up", "up", "up", "down", "down", "down", "back", "back", "back");
    assertThat(out).contains("cloud: 3 served, 3 degraded while it was down (labelled), 3 served after it came back")
        .doesNotContain("not as it should be")
        .as("the cloud's model is the remote's, not the macmini engine's")
        .doesNotContainPattern("engine: .*" + CLOUD_MODEL);
  }
}
