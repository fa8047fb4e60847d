package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TestModels;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real node process on stories260K (or a synthetic model): inference of every kind and every edge error. */
class NodeApiIT {
  private static NodeProcess node;
  private static Optional<Path> stories;

  @BeforeAll
  static void startNode() throws Exception {
    stories = TestModels.stories260K();
    Path dir = Files.createTempDirectory("mesh-api-it-");
    node = NodeProcess.configure(dir, stories.orElse(TestModels.synthetic()), "limits: {maxWaitSeconds: 120}\n")
        .start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void continuesOnceUponATimeWithCoherentEnglishAtTemperatureZero() throws Exception {
    JsonNode record = submitAndWait("{\"kind\":\"generate\",\"prompt\":\"Once upon a time\","
        + "\"params\":{\"temperature\":0,\"maxTokens\":40}}");
    assertThat(record.path("state").asText()).isEqualTo("succeeded");
    JsonNode result = record.path("result");
    assertThat(result.path("usage").path("completionTokens").asInt()).isPositive();
    assertThat(result.path("executedBy").asText()).isEqualTo("it-node");
    if (stories.isPresent()) {
      assertThat(result.path("output").asText()).contains("Lily").contains("She");
      assertThat(result.path("synthetic").asBoolean()).isFalse();
    } else {
      assertThat(result.path("synthetic").asBoolean()).isTrue();
      assertThat(result.path("note").asText()).contains("nonsense");
    }
  }

  @Test
  void embedsASentenceIntoAVectorOfTheModelsWidth() throws Exception {
    JsonNode result = submitAndWait("{\"kind\":\"embed\",\"input\":\"The cat sat on the mat.\"}").path("result");
    assertThat(result.path("embedding").size()).isEqualTo(stories.isPresent() ? TestModels.STORIES_DIM : 128);
    JsonNode other = submitAndWait("{\"kind\":\"embed\",\"input\":\"A rocket flew to the moon.\"}").path("result");
    assertThat(other.path("embedding")).isNotEqualTo(result.path("embedding"));
  }

  @Test
  void runsChatSummarizeAndClassifyAsPromptsOverGeneration() throws Exception {
    assertThat(submitAndWait("{\"kind\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story.\"}],"
        + "\"params\":{\"maxTokens\":16}}").path("state").asText()).isEqualTo("succeeded");
    assertThat(submitAndWait("{\"kind\":\"summarize\",\"prompt\":\"Tom had a red ball. He lost it in the park.\","
        + "\"params\":{\"maxTokens\":16}}").path("state").asText()).isEqualTo("succeeded");
    JsonNode classified = submitAndWait("{\"kind\":\"classify\",\"prompt\":\"The dog was very happy.\","
        + "\"labels\":[\"happy\",\"sad\"]}");
    assertThat(classified.path("result").path("label").asText()).isIn("happy", "sad");
  }

  @Test
  void acceptsWith202AndServesTheRecordById() throws Exception {
    HttpResponse<String> accepted = node.post("/v1/tasks", "{\"kind\":\"generate\",\"prompt\":\"Hi\","
        + "\"params\":{\"maxTokens\":4}}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    String id = NodeProcess.json(accepted).path("id").asText();
    assertThat(accepted.headers().firstValue("location")).contains("/v1/tasks/" + id);
    HttpResponse<String> done = node.get("/v1/tasks/" + id + "?wait=60");
    assertThat(done.statusCode()).isEqualTo(200);
    JsonNode record = NodeProcess.json(done);
    assertThat(record.path("state").asText()).isEqualTo("succeeded");
    assertThat(record.path("hops").findValuesAsText("event")).contains("accepted", "started", "finished");
  }

  @Test
  void returnsTheSameTaskForARepeatedIdempotencyKey() throws Exception {
    String body = "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"idempotencyKey\":\"order-42\",\"params\":{\"maxTokens\":2}}";
    String first = NodeProcess.json(node.post("/v1/tasks", body)).path("id").asText();
    String second = NodeProcess.json(node.post("/v1/tasks", body)).path("id").asText();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void statusAdvertisesTheModelWithMeasuredSpeedAndEstimatedRam() throws Exception {
    JsonNode self = NodeProcess.json(node.get("/cluster/status")).path("nodes").get(0);
    assertThat(self.path("engine").path("available").asBoolean()).isTrue();
    assertThat(self.path("platform").path("cpuFeatures").toString()).contains("avx2");
    JsonNode model = self.path("models").get(0);
    assertThat(model.path("decodeTokensPerSecond").asDouble()).isPositive();
    assertThat(model.path("prefillTokensPerSecond").asDouble()).isPositive();
    assertThat(model.path("estimatedRamBytes").asLong()).isGreaterThan(Files.size(stories.orElse(TestModels.synthetic())));
    assertThat(self.path("memory").path("availableBytes").asLong()).isPositive();
  }

  @Test
  void healthUsesTheVertxFormatAndIncludesTheEngine() throws Exception {
    HttpResponse<String> health = node.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode body = NodeProcess.json(health);
    assertThat(body.path("status").asText()).isEqualTo("UP");
    assertThat(body.path("checks").findValuesAsText("id")).contains("engine", "journal", "cluster");
  }

  @Test
  void refusesMalformedJson() throws Exception {
    assertError(node.post("/v1/tasks", "{\"kind\":\"generate\","), 400, "invalid_json", null);
  }

  @Test
  void refusesAWrongTypeNamingTheFieldPath() throws Exception {
    assertError(node.post("/v1/tasks", "{\"kind\":\"generate\",\"prompt\":\"x\",\"params\":{\"maxTokens\":\"many\"}}"),
        400, "invalid_field", "params.maxTokens");
  }

  @Test
  void refusesAnUnknownKind() throws Exception {
    assertError(node.post("/v1/tasks", "{\"kind\":\"translate\",\"prompt\":\"x\"}"), 400, "unknown_kind", "kind");
  }

  @Test
  void refusesAnEmptyPrompt() throws Exception {
    assertError(node.post("/v1/tasks", "{\"kind\":\"generate\",\"prompt\":\"  \"}"), 400, null, "prompt");
  }

  @Test
  void refusesAPromptLongerThanTheModelsContext() throws Exception {
    String longPrompt = "word ".repeat(3000);
    JsonNode error = assertError(node.post("/v1/tasks", "{\"kind\":\"generate\",\"prompt\":\"" + longPrompt
        + "\",\"params\":{\"maxTokens\":16}}"), 400, "prompt_too_long", "prompt");
    assertThat(error.path("message").asText()).contains("2048-token context");
  }

  @Test
  void refusesABodyOverTheLimitWith413() throws Exception {
    String huge = "{\"kind\":\"generate\",\"prompt\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    assertError(node.post("/v1/tasks", huge), 413, "body_too_large", null);
  }

  @Test
  void refusesAnUnknownModel() throws Exception {
    assertError(node.post("/v1/tasks", "{\"kind\":\"generate\",\"prompt\":\"x\",\"model\":\"gpt-9\"}"),
        400, "no_model", "model");
  }

  @Test
  void answers404ForUnknownTasksAndEndpoints() throws Exception {
    assertError(node.get("/v1/tasks/t-0000000000-0000000000"), 404, "not_found", null);
    assertError(node.get("/v1/tasks/..%2F..%2Fetc%2Fpasswd"), 404, "not_found", null);
    assertError(node.get("/v2/nothing"), 404, "not_found", null);
  }

  private static JsonNode submitAndWait(String body) throws Exception {
    HttpResponse<String> response = node.post("/v1/tasks?wait=60", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return NodeProcess.json(response);
  }

  private static JsonNode assertError(HttpResponse<String> response, int status, String code, String field)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = NodeProcess.json(response).path("error");
    assertThat(error.path("message").asText()).as(response.body()).isNotBlank();
    if (code != null) {
      assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
    }
    if (field != null) {
      assertThat(error.path("field").asText()).as(response.body()).isEqualTo(field);
    }
    return error;
  }
}
