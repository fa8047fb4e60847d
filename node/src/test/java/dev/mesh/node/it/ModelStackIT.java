package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.node.testing.NodeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stack of two models on one real node — a light one for triage (chat, classify, score; alias "triage") and a
 * heavy one for writing (generate, summarize) — and tasks that name a kind, a tier or an alias: each runs on the
 * model routing chose for it, which the result and the route both name.
 */
class ModelStackIT {
  private static NodeProcess node;

  @BeforeAll
  static void startNode() throws Exception {
    Path dir = Files.createTempDirectory("mesh-stack-it-");
    Path light = ModelFixtures.withTemplate(dir.resolve("models"), "light", ModelFixtures.CHATML);
    Path heavy = ModelFixtures.write(dir.resolve("models"), "heavy", w -> w);
    node = NodeProcess.configure(dir, null, "models:\n"
        + "  - {path: " + light + ", id: light-1b, tier: light, aliases: [triage],"
        + " kinds: [chat, classify, score, extract]}\n"
        + "  - {path: " + heavy + ", id: writer-4b, tier: heavy, kinds: [generate, summarize]}\n").start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void eachKindRunsOnTheModelThatServesIt() throws Exception {
    assertRanOn(run("{\"kind\":\"classify\",\"prompt\":\"disk full\",\"labels\":[\"ok\",\"alert\"]}"), "light-1b");
    assertRanOn(run("{\"kind\":\"summarize\",\"prompt\":\"The pump failed twice this week.\"}"), "writer-4b");
    JsonNode scored = run("{\"kind\":\"score\",\"prompt\":\"a paper on cheap sensors\"}");
    assertRanOn(scored, "light-1b");
    assertThat(scored.at("/result/score").isInt()).isTrue();
  }

  @Test
  void aTierOrAnAliasPicksTheModel() throws Exception {
    assertRanOn(run("{\"kind\":\"chat\",\"model\":\"triage\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"params\":{\"maxTokens\":4}}"), "light-1b");
    assertRanOn(run("{\"kind\":\"generate\",\"prompt\":\"Dear team\",\"params\":{\"maxTokens\":4},"
        + "\"requirements\":{\"tier\":\"heavy\"}}"), "writer-4b");
  }

  @Test
  void aTaskNoModelOfItsTierServesIsRefusedNamingWhy() throws Exception {
    HttpResponse<String> refused = node.post("/v1/tasks", "{\"kind\":\"classify\",\"prompt\":\"x\","
        + "\"labels\":[\"a\",\"b\"],\"requirements\":{\"tier\":\"heavy\"}}");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("not tier heavy").contains("does not serve classify");
  }

  @Test
  void theModelListShowsKindsTierAliasesAndLoaded() throws Exception {
    JsonNode models = NodeProcess.json(node.get("/v1/models")).path("data");
    JsonNode light = models.get(0).path("id").asText().equals("light-1b") ? models.get(0) : models.get(1);
    assertThat(light.path("tier").asText()).isEqualTo("light");
    assertThat(light.path("aliases").toString()).isEqualTo("[\"triage\"]");
    assertThat(light.path("kinds").toString()).isEqualTo("[\"chat\",\"classify\",\"score\",\"extract\"]");
    assertThat(light.path("loaded").asBoolean()).isTrue();
  }

  private static JsonNode run(String body) throws Exception {
    return node.runToSuccess(body);
  }

  /** The result names the model that ran; the routed hop names the model routing chose: the same one. */
  private static void assertRanOn(JsonNode done, String model) {
    assertThat(done.at("/result/model").asText()).as(done.toString()).isEqualTo(model);
    String chosen = null;
    for (JsonNode hop : done.path("hops")) {
      for (JsonNode option : hop.at("/route/options")) {
        if (option.path("chosen").asBoolean()) {
          chosen = option.path("model").asText();
        }
      }
    }
    assertThat(chosen).as("the model routing chose, in %s", done.path("hops")).isEqualTo(model);
  }
}
