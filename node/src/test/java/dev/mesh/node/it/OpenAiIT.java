package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real OpenAI client library (openai-java, from Maven Central) against a node running stories260K (or the
 * synthetic model), with an API key configured: a chat, a streamed chat, an embedding, the model list; then
 * the task-events stream over plain HTTP.
 */
class OpenAiIT {
  private static final String KEY = "it-key-0123456789abcdef";
  private static NodeProcess node;
  private static Optional<Path> stories;
  private static OpenAIClient client;
  private static String model;

  @BeforeAll
  static void startNode() throws Exception {
    stories = TestModels.stories260K();
    Path dir = Files.createTempDirectory("mesh-openai-it-");
    node = NodeProcess.configure(dir, stories.orElse(TestModels.synthetic()),
        "auth: {apiKeys: [{name: it, key: " + KEY + "}]}\n").start();
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + node.port() + "/v1").apiKey(KEY)
        .maxRetries(0).build();
    model = client.models().list().data().get(0).id();
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (client != null) {
      client.close();
    }
    node.close();
  }

  @Test
  void listsTheMeshsModelsWithTheNodesServingThem() {
    List<Model> models = client.models().list().data();
    assertThat(models).extracting(Model::id).containsExactly(stories.isPresent() ? "stories260K" : "synthetic");
    assertThat(models.get(0)._allProperties().get("nodes").toString()).contains("it-node");
  }

  @Test
  void chatsAndSaysWhichNodeServed() {
    HttpResponseFor<ChatCompletion> raw = client.chat().completions().withRawResponse().create(chat());
    ChatCompletion done = raw.parse();

    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().values("x-mesh-node")).containsExactly("it-node");
    assertThat(done.choices()).hasSize(1);
    assertThat(done.choices().get(0).message().content()).get().asString().isNotBlank();
    assertThat(done.usage()).get().satisfies(u -> assertThat(u.completionTokens()).isPositive());
    assertThat(done.model()).isEqualTo(model);
  }

  @Test
  void aStreamedChatBringsTheSameTextPieceByPiece() {
    String whole = client.chat().completions().create(chat()).choices().get(0).message().content().orElseThrow();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat())) {
      stream.stream().forEach(chunks::add);
    }
    String streamed = chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());

    assertThat(streamed).as("greedy decoding: the same text either way").isEqualTo(whole);
    assertThat(chunks.size()).as("in pieces, then a finish chunk").isGreaterThan(2);
    assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isPresent();
  }

  /** response_format json_schema holds the answer to the schema, through a real OpenAI client. */
  @Test
  void aJsonSchemaResponseFormatGivesJsonThatFitsIt() throws Exception {
    String schema = "{\"type\":\"object\",\"properties\":{\"mood\":{\"enum\":[\"happy\",\"sad\"]},"
        + "\"age\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":9}},\"required\":[\"mood\",\"age\"],"
        + "\"additionalProperties\":false}";
    ObjectMapper json = new ObjectMapper();
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(model)
        .addUserMessage("How does the cat in the story feel?").maxCompletionTokens(60)
        .putAdditionalBodyProperty("response_format", com.openai.core.JsonValue.from(java.util.Map.of(
            "type", "json_schema", "json_schema", java.util.Map.of("name", "mood",
                "schema", json.convertValue(json.readTree(schema), java.util.Map.class)))))
        .build();
    String content = client.chat().completions().create(params).choices().get(0).message().content().orElseThrow();
    JsonNode answer = json.readTree(content);
    assertThat(dev.mesh.protocol.task.JsonSchemas.violations(json.readTree(schema), answer)).as(content).isEmpty();
    assertThat(answer.path("mood").asText()).isIn("happy", "sad");
  }

  /** The Ollama API is behind the same keys: a stranger can't list or run models through it either. */
  @Test
  void theOllamaApiNeedsAKeyToo() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI tags = URI.create("http://127.0.0.1:" + node.port() + "/api/tags");
    assertThat(http.send(HttpRequest.newBuilder(tags).GET().build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(401);
    assertThat(http.send(authorized("/api/tags").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anUnknownResponseFormatIsRefusedNamingTheField() throws Exception {
    HttpResponse<String> refused = HttpClient.newHttpClient().send(authorized("/v1/chat/completions")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}],\"response_format\":{\"type\":\"yaml\"}}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("response_format.type");
  }

  @Test
  void aChatIsInteractiveUnlessItsHeaderNamesAnotherClass() throws Exception {
    String plain = client.chat().completions().withRawResponse().create(chat()).headers().values("x-mesh-task").get(0);
    ChatCompletionCreateParams batch = chat().toBuilder().putAdditionalHeader("X-Mesh-Priority", "batch").build();
    String bulk = client.chat().completions().withRawResponse().create(batch).headers().values("x-mesh-task").get(0);
    assertThat(taskPriority(plain)).isEqualTo("interactive");
    assertThat(taskPriority(bulk)).isEqualTo("batch");

    HttpResponse<String> refused = HttpClient.newHttpClient().send(authorized("/v1/chat/completions")
        .header("Content-Type", "application/json").header("X-Mesh-Priority", "urgent")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("X-Mesh-Priority must be one of interactive, normal, batch, was 'urgent'");
  }

  private static String taskPriority(String id) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(authorized("/v1/tasks/" + id).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body()).at("/task/request/priority").asText();
  }

  @Test
  void completesAPromptTheLegacyWay() {
    Completion done = client.completions().create(CompletionCreateParams.builder().model(model)
        .prompt("Once upon a time").maxTokens(12).temperature(0.0).build());

    assertThat(done.choices()).hasSize(1);
    assertThat(done.choices().get(0).text()).isNotBlank();
    if (stories.isPresent()) {
      assertThat(done.choices().get(0).text()).contains("there was");
    }
  }

  @Test
  void embedsTextIntoVectorsOfTheModelsWidth() {
    CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder().model(model)
        .inputOfArrayOfStrings(List.of("The cat sat on the mat.", "A rocket flew to the moon.")).build());

    assertThat(r.data()).hasSize(2);
    assertThat(r.data().get(0).embedding()).hasSize(stories.isPresent() ? TestModels.STORIES_DIM : 128);
    assertThat(r.data().get(0).embedding()).isNotEqualTo(r.data().get(1).embedding());
    assertThat(r.data().get(1).index()).isEqualTo(1);
  }

  @Test
  void aWrongKeyIsRefused() {
    OpenAIClient stranger = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + node.port() + "/v1")
        .apiKey("not-the-key-0123456789").maxRetries(0).build();
    try {
      assertThatThrownBy(() -> stranger.models().list()).isInstanceOf(UnauthorizedException.class);
    } finally {
      stranger.close();
    }
  }

  @Test
  void taskEventsStreamFromAcceptedThroughTokensToDone() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> accepted = http.send(authorized("/v1/tasks")
        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"generate\",\"prompt\":\"Once upon a time\","
            + "\"params\":{\"maxTokens\":24,\"temperature\":0}}")).header("content-type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    String id = new ObjectMapper().readTree(accepted.body()).path("id").asText();

    HttpResponse<String> events = http.send(authorized("/v1/tasks/" + id + "/events").GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
    List<String> names = events.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7))
        .distinct().toList();
    assertThat(names).startsWith("accepted", "routed").contains("started", "finished").endsWith("done");
    String done = events.body().substring(events.body().indexOf("event: done"));
    JsonNode record = new ObjectMapper().readTree(done.substring(done.indexOf("data: ") + 6).lines().findFirst()
        .orElseThrow());
    assertThat(record.path("state").asText()).isEqualTo("succeeded");
  }

  private static ChatCompletionCreateParams chat() {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Tell me a story.")
        .maxCompletionTokens(24).temperature(0.0).build();
  }

  private static HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .header("Authorization", "Bearer " + KEY);
  }
}
