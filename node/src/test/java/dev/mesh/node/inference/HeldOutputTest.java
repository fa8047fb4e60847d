package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.engine.EngineSpec;
import dev.mesh.node.engine.EngineSupervisor;
import dev.mesh.node.engine.RestartPolicy;
import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.node.testing.Poll;
import dev.mesh.protocol.task.JsonSchemas;
import dev.mesh.protocol.task.PromptTemplate;
import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs held to what the task asks, on the synthetic model — random weights, which left alone write
 * printable noise: 100 runs each of classify, score and extract, every one valid. Only the grammar can make noise
 * name a label, stay in range and parse against a schema, so this is the proof that the constraint is real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeldOutputTest {
  private static final int RUNS = 100;
  private static final long TIMEOUT_S = 60;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> LABELS = List.of("relevant", "irrelevant", "needs a closer look");
  private static final String SCHEMA = """
      {"type":"object","properties":{
        "name":{"type":"string","maxLength":24},
        "severity":{"enum":["low","medium","high"]},
        "count":{"type":"integer","minimum":0,"maximum":999},
        "ratio":{"type":"number"},
        "tags":{"type":"array","items":{"type":"string","maxLength":8},"maxItems":3}},
       "required":["name","severity","count","tags"],"additionalProperties":false}""";

  private LocalModel model;
  private final InferenceRunner runner = new InferenceRunner("test-node", Clock.systemUTC());

  @BeforeAll
  void startEngine(@TempDir Path dir) throws Exception {
    Path gguf = ModelFixtures.withTemplate(dir, "chatml", ModelFixtures.CHATML);
    ModelFile file = ModelFiles.read("test", "chatml", gguf, 1024, 512);
    EngineSpec spec = EngineSpec.of(gguf, dir.resolve("engine")).withContext(1024, 1, 512);
    model = new LocalModel(file, () -> EngineSupervisor.start(spec, true, RestartPolicy.DEFAULT));
    model.load();
    Poll.until("engine ready", Duration.ofSeconds(TIMEOUT_S), () -> model.engineStatus().ready());
  }

  @AfterAll
  void close() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void classifyAlwaysNamesOneOfTheLabels() throws Exception {
    for (int i = 0; i < RUNS; i++) {
      TaskResult r = run(TaskRequest.classify("log line " + i + ": disk usage at " + (i * 7 % 100) + "%", LABELS));
      assertThat(r.label()).as("run %d wrote '%s'", i, r.output()).isIn(LABELS);
      assertThat(r.output().strip()).isEqualTo(r.label());
      assertThat(r.template()).isEqualTo(PromptTemplate.MODEL);
    }
  }

  @Test
  void scoreIsAlwaysAnIntegerInRangeWithAReasonWhenAsked() throws Exception {
    for (int i = 0; i < RUNS; i++) {
      boolean reason = i % 2 == 0;
      Scoring scoring = new Scoring(-3, 12, "usefulness for a home lab", reason);
      TaskResult r = run(TaskRequest.score("research item " + i + ": cheap sensors", scoring));
      assertThat(r.score()).as("run %d wrote '%s'", i, r.output()).isBetween(-3, 12);
      assertThat(r.reason() != null).as("reason present in run %d", i).isEqualTo(reason);
      if (reason) {
        assertThat(r.reason().length()).isLessThanOrEqualTo(Scoring.REASON_MAX_CHARS);
      }
    }
  }

  @Test
  void extractAlwaysParsesAndValidatesAgainstTheSchema() throws Exception {
    JsonNode schema = JSON.readTree(SCHEMA);
    for (int i = 0; i < RUNS; i++) {
      TaskRequest req = TaskRequest.extract("incident " + i + ": pump failed twice", schema)
          .withParams(new TaskParams(1.0, 400, null, (long) i, null));
      TaskResult r = run(req);
      assertThat(JsonSchemas.violations(schema, JSON.readTree(r.output()))).as("run %d: %s", i, r.output()).isEmpty();
      assertThat(r.data()).isEqualTo(JSON.readTree(r.output()));
    }
  }

  private TaskResult run(TaskRequest req) throws Exception {
    Task task = Task.accept(req, "t-" + System.nanoTime(), "test-node", java.time.Instant.now());
    return runner.run(task, model, t -> { }).get(TIMEOUT_S, TimeUnit.SECONDS);
  }
}
