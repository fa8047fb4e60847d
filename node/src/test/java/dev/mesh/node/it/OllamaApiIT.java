package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Ollama client library (langchain4j-ollama, from Maven Central) against a node's Ollama API: the model
 * list, a chat, the same chat streamed, a JSON-held chat, an embedding; then NDJSON, the older endpoints and the
 * error shape over plain HTTP.
 */
class OllamaApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static NodeProcess node;
  private static Optional<Path> stories;
  private static String base;
  private static String model;

  @BeforeAll
  static void startNode() throws Exception {
    stories = TestModels.stories260K();
    node = NodeProcess.configure(Files.createTempDirectory("mesh-ollama-it-"),
        stories.orElse(TestModels.synthetic()), null).start();
    base = "http://127.0.0.1:" + node.port();
    model = stories.isPresent() ? "stories260K" : "synthetic";
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void anOllamaClientListsTheMeshsModels() {
    List<OllamaModel> models = OllamaModels.builder().baseUrl(base).build().availableModels().content();
    assertThat(models).extracting(OllamaModel::getName).containsExactly(model);
    assertThat(models.get(0).getDetails().getFormat()).isEqualTo("gguf");
  }

  @Test
  void anOllamaClientChatsAndGetsTheSameTextStreamed() throws Exception {
    OllamaChatModel chat = OllamaChatModel.builder().baseUrl(base).modelName(model).temperature(0.0).numPredict(24)
        .timeout(Duration.ofSeconds(60)).build();
    String whole = chat.chat("Tell me a story.");
    assertThat(whole).isNotBlank();

    OllamaStreamingChatModel streaming = OllamaStreamingChatModel.builder().baseUrl(base).modelName(model)
        .temperature(0.0).numPredict(24).timeout(Duration.ofSeconds(60)).build();
    StringBuilder pieces = new StringBuilder();
    int[] count = {0};
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat("Tell me a story.", new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        pieces.append(partial);
        count[0]++;
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    ChatResponse response = done.get(60, TimeUnit.SECONDS);
    assertThat(pieces.toString()).as("greedy: the same text either way").isEqualTo(whole);
    assertThat(count[0]).as("in pieces").isGreaterThan(1);
    assertThat(response.tokenUsage().outputTokenCount()).isPositive();
  }

  /** A JSON Schema as Ollama's {@code format}, sent by the client: the answer is held to it. */
  @Test
  void aSchemaFormatHoldsTheAnswerToIt() throws Exception {
    OllamaChatModel chat = OllamaChatModel.builder().baseUrl(base).modelName(model).temperature(0.0).numPredict(40)
        .timeout(Duration.ofSeconds(60)).build();
    ResponseFormat mood = ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(JsonSchema.builder()
        .name("mood").rootElement(JsonObjectSchema.builder().addEnumProperty("mood", List.of("happy", "sad"))
            .required("mood").additionalProperties(false).build()).build()).build();
    ChatResponse response = chat.chat(ChatRequest.builder().messages(UserMessage.from("How does the cat feel?"))
        .responseFormat(mood).build());
    JsonNode answer = JSON.readTree(response.aiMessage().text());
    assertThat(answer.path("mood").asText()).as(response.aiMessage().text()).isIn("happy", "sad");
    assertThat(answer.size()).isEqualTo(1);
  }

  @Test
  void anOllamaClientEmbeds() {
    float[] vector = OllamaEmbeddingModel.builder().baseUrl(base).modelName(model).build().embed("a note")
        .content().vector();
    assertThat(vector).hasSize(stories.isPresent() ? TestModels.STORIES_DIM : 128);
  }

  @Test
  void generateStreamsNdjsonEndingInTheCounts() throws Exception {
    HttpResponse<String> r = post("/api/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Once upon a time\","
        + "\"raw\":true,\"options\":{\"num_predict\":12,\"temperature\":0}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("application/x-ndjson");
    assertThat(r.headers().firstValue("x-mesh-node")).contains("it-node");
    List<JsonNode> lines = r.body().lines().map(OllamaApiIT::json).toList();
    assertThat(lines.size()).isGreaterThan(2);
    assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> !l.path("done").asBoolean());
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.path("done").asBoolean()).isTrue();
    assertThat(last.path("eval_count").asInt()).isEqualTo(12);
    assertThat(last.path("done_reason").asText()).isEqualTo("length");
  }

  @Test
  void theOlderEndpointsAndVersionAnswer() throws Exception {
    JsonNode embedding = json(post("/api/embeddings", "{\"model\":\"" + model + "\",\"prompt\":\"hi\"}").body());
    assertThat(embedding.path("embedding").size()).isGreaterThan(0);
    JsonNode whole = json(post("/api/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Hi\",\"stream\":false,"
        + "\"options\":{\"num_predict\":4}}").body());
    assertThat(whole.path("done").asBoolean()).isTrue();
    assertThat(whole.path("response").isTextual()).isTrue();
    JsonNode loaded = json(post("/api/generate", "{\"model\":\"" + model + "\"}").body());
    assertThat(loaded.path("done_reason").asText()).isEqualTo("load");
    assertThat(json(get("/api/version").body()).path("version").asText()).isNotBlank();
    assertThat(json(get("/api/ps").body()).path("models").get(0).path("name").asText()).isEqualTo(model);
    assertThat(json(post("/api/show", "{\"model\":\"" + model + "\"}").body()).path("details").path("format")
        .asText()).isEqualTo("gguf");
  }

  @Test
  void aGenerationIsInteractiveUnlessItsHeaderNamesAnotherClass() throws Exception {
    String body = "{\"model\":\"" + model + "\",\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":2}}";
    HttpResponse<String> plain = post("/api/generate", body);
    HttpResponse<String> bulk = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/generate"))
        .header("Content-Type", "application/json").header("X-Mesh-Priority", "Batch")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(priorityOf(plain)).isEqualTo("interactive");
    assertThat(priorityOf(bulk)).isEqualTo("batch");
  }

  private static String priorityOf(HttpResponse<String> answered) throws Exception {
    String id = answered.headers().firstValue("x-mesh-task").orElseThrow();
    return json(get("/v1/tasks/" + id).body()).at("/task/request/priority").asText();
  }

  @Test
  void badRequestsGetOllamasErrorShapeWithMeshsCode() throws Exception {
    HttpResponse<String> r = post("/api/chat", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"tool\","
        + "\"content\":\"x\"}]}");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode error = json(r.body());
    assertThat(error.path("error").asText()).contains("messages[0].role");
    assertThat(error.path("code").asText()).isEqualTo("invalid_field");
    assertThat(post("/api/show", "{\"model\":\"nope\"}").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
