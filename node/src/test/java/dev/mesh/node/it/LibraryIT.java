package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.FakeOllamaStore;
import dev.mesh.node.testing.ModelFixtures;
import dev.mesh.node.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Models already on disk, served where they lie: an Ollama store (laid out as {@code ollama pull} leaves it, with
 * one broken manifest) and a folder of GGUFs, no model configured. The node starts, serves both under their names,
 * and lists the broken one with why in {@code /cluster/status}.
 */
class LibraryIT {
  @Test
  void servesOllamasModelsAndAFoldersUnderTheirNamesAndListsWhatItSkipped() throws Exception {
    Path dir = Files.createTempDirectory("mesh-library-it-");
    FakeOllamaStore store = new FakeOllamaStore(dir.resolve("ollama"));
    Path weights = ModelFixtures.withTemplate(dir.resolve("src"), "qwen", ModelFixtures.CHATML);
    store.model("registry.ollama.ai/library/qwen2.5/3b", store.blob(weights), Files.size(weights));
    store.model("registry.ollama.ai/library/gone/latest", "sha256:" + "a".repeat(64), 1234);
    Path tiny = ModelFixtures.write(dir.resolve("src"), "tiny", w -> w);
    store.model("registry.ollama.ai/library/tiny/latest", store.blob(tiny), Files.size(tiny));
    // `ollama cp qwen2.5:3b writer`: the same blob under a second name — one model, answering to both
    store.model("registry.ollama.ai/library/writer/latest", store.blob(weights), Files.size(weights));
    Path folder = dir.resolve("gguf");
    ModelFixtures.write(folder, "notes-writer", w -> w);
    try (NodeProcess node = NodeProcess.configure(dir, null, "library: {ollama: true, ollamaModels: " + store.root
        + ", dirs: [" + folder + "]}\n").start()) {
      JsonNode models = NodeProcess.json(node.get("/v1/models")).path("data");
      assertThat(models.findValuesAsText("id")).containsExactly("notes-writer", "qwen2.5:3b", "tiny:latest");
      // as in Ollama, a name without a tag means :latest
      JsonNode untagged = NodeProcess.json(node.post("/v1/tasks?wait=60", "{\"kind\":\"generate\",\"model\":"
          + "\"tiny\",\"prompt\":\"hi\",\"params\":{\"maxTokens\":2}}"));
      assertThat(untagged.at("/result/model").asText()).as(untagged.toString()).isEqualTo("tiny:latest");
      JsonNode copy = NodeProcess.json(node.post("/v1/tasks?wait=60", "{\"kind\":\"generate\",\"model\":"
          + "\"writer\",\"prompt\":\"hi\",\"params\":{\"maxTokens\":2}}"));
      assertThat(copy.at("/result/model").asText()).as(copy.toString()).isEqualTo("qwen2.5:3b");

      for (String model : new String[] {"qwen2.5:3b", "notes-writer"}) {
        JsonNode done = NodeProcess.json(node.post("/v1/tasks?wait=60", "{\"kind\":\"chat\",\"model\":\"" + model
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"params\":{\"maxTokens\":4}}"));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.at("/result/model").asText()).isEqualTo(model);
        // Ollama's blob carries a chat template; the folder's model has none
        assertThat(done.at("/result/template").asText()).isEqualTo(model.equals("qwen2.5:3b") ? "model" : "plain");
      }

      // a decoder-only model declaring no pooling embeds by its last token, and the result says so
      JsonNode embedded = NodeProcess.json(node.post("/v1/tasks?wait=60",
          "{\"kind\":\"embed\",\"model\":\"notes-writer\",\"input\":\"boiler service\"}"));
      assertThat(embedded.at("/result/pooling").asText()).as(embedded.toString()).isEqualTo("last");

      JsonNode skipped = NodeProcess.json(node.get("/cluster/status")).path("skippedModels");
      assertThat(skipped).hasSize(1);
      assertThat(skipped.get(0).path("source").asText()).isEqualTo("ollama");
      assertThat(skipped.get(0).path("where").asText()).contains("gone");
      assertThat(skipped.get(0).path("reason").asText()).contains("blob");
    }
  }
}
