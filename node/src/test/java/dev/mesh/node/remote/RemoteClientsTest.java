package dev.mesh.node.remote;

import static dev.mesh.node.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.remote.RemoteFailure.Kind;
import dev.mesh.protocol.task.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Ollama and OpenAI clients against a real HTTP server on loopback that plays each API from a script: what
 * a well-formed answer gives, and that every way an answer can go wrong fails as the right kind, naming the remote
 * and never its key.
 */
class RemoteClientsTest {
  private static final String REMOTE = "cloud";
  private static final String KEY = "sk-mesh-test-5e1b9c0d7a";
  private static final long TIMEOUT_MS = 5_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RemoteCall CALL = new RemoteCall("llama3", List.of(ChatMessage.user("hi")), 64, 0.2, null, null,
      null, null);
  private static Vertx vertx;
  private static HttpServer server;
  /** How the server answers the current test's requests (the request's body already read). */
  private static volatile BiConsumer<HttpServerRequest, Buffer> script;
  private static final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<RemoteHttp> opened = new ArrayList<>();

  /** A request as the server got it. */
  private record Seen(String path, String authorization, JsonNode body) {}

  @BeforeAll
  static void startServer() throws Exception {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(new Seen(req.path(), req.getHeader("authorization"), body.length() == 0 ? null : json(body.toString())));
      script.accept(req, body);
    })).listen(0, "127.0.0.1"));
    // one call first, so that no test's short timeout pays for loading the client's classes
    script = (req, body) -> req.response().end("{\"models\":[]}");
    RemoteHttp warmUp = new RemoteHttp(vertx, REMOTE, URI.create("http://127.0.0.1:" + server.actualPort()),
        Optional.empty(), TIMEOUT_MS);
    await(new OllamaClient(warmUp).models());
    await(warmUp.close());
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void clear() {
    seen.clear();
  }

  @AfterEach
  void closeClients() throws Exception {
    for (RemoteHttp http : opened) {
      await(http.close());
    }
  }

  // --- well-formed answers

  @Test
  void ollamaChatPassesEachPieceAsItComesAndReadsTokensAndStopReasonFromTheDoneLine() throws Exception {
    Promise<Void> firstPieceSeen = Promise.promise();
    script = (req, body) -> {
      HttpServerResponse res = req.response().setChunked(true).putHeader("content-type", "application/x-ndjson");
      res.write(ndjson("{\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}"));
      // the rest only once the client has passed the first piece on: a client that buffered would time out here
      firstPieceSeen.future().onComplete(v -> res.end(ndjson(
          "{\"message\":{\"role\":\"assistant\",\"content\":\"lo, \"},\"done\":false}",
          "{\"message\":{\"role\":\"assistant\",\"content\":\"world\"},\"done\":false}",
          "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"length\","
              + "\"prompt_eval_count\":11,\"eval_count\":3}")));
    };
    List<String> pieces = new CopyOnWriteArrayList<>();

    RemoteReply reply = await(ollama().chat(CALL, piece -> {
      pieces.add(piece);
      firstPieceSeen.tryComplete();
    }));

    assertThat(pieces).containsExactly("Hel", "lo, ", "world");
    assertThat(reply.text()).isEqualTo("Hello, world");
    assertThat(reply.promptTokens()).isEqualTo(11);
    assertThat(reply.completionTokens()).isEqualTo(3);
    assertThat(reply.stopReason()).isEqualTo("length");
    Seen request = seen.get(0);
    assertThat(request.path()).isEqualTo("/api/chat");
    assertThat(request.body().path("model").asText()).isEqualTo("llama3");
    assertThat(request.body().path("stream").asBoolean()).isTrue();
    assertThat(request.body().path("messages").get(0).path("content").asText()).isEqualTo("hi");
    assertThat(request.body().path("options").path("num_predict").asInt()).isEqualTo(64);
  }

  @Test
  void openAiChatPassesEachPieceInOrderAndReadsUsageFromTheChunkBeforeDone() throws Exception {
    script = (req, body) -> sse(req,
        ": keep-alive",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo, \"}}]}",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"world\"},\"finish_reason\":null}]}",
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}",
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3,\"total_tokens\":14}}",
        "data: [DONE]");
    List<String> pieces = new CopyOnWriteArrayList<>();

    RemoteReply reply = await(openAi().chat(CALL, pieces::add));

    assertThat(pieces).containsExactly("Hel", "lo, ", "world");
    assertThat(reply.text()).isEqualTo("Hello, world");
    assertThat(reply.promptTokens()).isEqualTo(11);
    assertThat(reply.completionTokens()).isEqualTo(3);
    assertThat(reply.stopReason()).isEqualTo("length");
    Seen request = seen.get(0);
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.body().path("stream").asBoolean()).isTrue();
    assertThat(request.body().path("stream_options").path("include_usage").asBoolean())
        .as("without it the stream has no usage chunk").isTrue();
    assertThat(request.body().path("max_tokens").asInt()).isEqualTo(64);
  }

  @Test
  void aLastLineWithoutItsNewlineIsStillRead() throws Exception {
    script = (req, body) -> req.response().setChunked(true).end(
        "{\"message\":{\"content\":\"ok\"},\"done\":false}\n{\"message\":{\"content\":\"\"},\"done\":true,\"eval_count\":1}");

    assertThat(await(ollama().chat(CALL, piece -> { })).text()).isEqualTo("ok");
  }

  @Test
  void sendsTheKeyAsABearerTokenAndNoAuthorizationWithoutOne() throws Exception {
    script = (req, body) -> req.response().end("{\"data\":[]}");

    await(openAi().models());
    await(openAi(Optional.empty(), TIMEOUT_MS).models());

    assertThat(seen).extracting(Seen::authorization).containsExactly("Bearer " + KEY, null);
  }

  @Test
  void ollamaEmbedReadsTheFirstVectorAndItsTokens() throws Exception {
    script = (req, body) -> req.response().end("{\"model\":\"nomic\",\"embeddings\":[[0.5,-1,2.25]],\"prompt_eval_count\":4}");

    RemoteEmbedding e = await(ollama().embed("nomic", "some text"));

    assertThat(e.vector()).containsExactly(0.5f, -1f, 2.25f);
    assertThat(e.tokens()).isEqualTo(4);
    assertThat(seen.get(0).path()).isEqualTo("/api/embed");
    assertThat(seen.get(0).body().path("input").asText()).isEqualTo("some text");
  }

  @Test
  void openAiEmbedReadsTheVectorAndItsTokens() throws Exception {
    script = (req, body) -> req.response().end("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
        + "\"embedding\":[0.5,-1,2.25]}],\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}");

    RemoteEmbedding e = await(openAi().embed("text-embedding-3-small", "some text"));

    assertThat(e.vector()).containsExactly(0.5f, -1f, 2.25f);
    assertThat(e.tokens()).isEqualTo(4);
    assertThat(seen.get(0).path()).isEqualTo("/v1/embeddings");
  }

  @Test
  void ollamaModelsAreTheNamesFromApiTags() throws Exception {
    script = (req, body) -> req.response().end("{\"models\":[{\"name\":\"llama3:8b\",\"size\":1},{\"name\":\"nomic\"},{}]}");

    assertThat(await(ollama().models())).containsExactly("llama3:8b", "nomic");
    assertThat(seen.get(0).path()).isEqualTo("/api/tags");
  }

  @Test
  void openAiModelsAreTheIdsFromV1Models() throws Exception {
    script = (req, body) -> req.response().end("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"},"
        + "{\"id\":\"text-embedding-3-small\"}]}");

    assertThat(await(openAi().models())).containsExactly("gpt-4o-mini", "text-embedding-3-small");
    assertThat(seen.get(0).path()).isEqualTo("/v1/models");
  }

  // --- answers that must fail cleanly

  @Test
  void aStreamLineThatIsNotJsonIsABadReply() throws Exception {
    script = (req, body) -> req.response().setChunked(true).end(ndjson("{\"message\":{\"content\":\"a\"},\"done\":false}",
        "<html>oops</html>"));
    assertFails(ollama().chat(CALL, piece -> { }), Kind.BAD_REPLY);

    script = (req, body) -> sse(req, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}", "data: {oops", "data: [DONE]");
    assertFails(openAi().chat(CALL, piece -> { }), Kind.BAD_REPLY);
  }

  @Test
  void anOllamaStreamThatEndsWithoutDoneTrueIsBroken() throws Exception {
    script = (req, body) -> req.response().setChunked(true).end(ndjson("{\"message\":{\"content\":\"a\"},\"done\":false}"));

    assertThat(assertFails(ollama().chat(CALL, piece -> { }), Kind.BROKEN_STREAM)).hasMessageContaining("done: true");
  }

  @Test
  void anOpenAiStreamThatEndsWithoutDoneMarkerIsBroken() throws Exception {
    script = (req, body) -> sse(req, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}");

    assertThat(assertFails(openAi().chat(CALL, piece -> { }), Kind.BROKEN_STREAM)).hasMessageContaining("[DONE]");
  }

  @Test
  void anErrorMidStreamIsAServerErrorInTheRemotesWords() throws Exception {
    script = (req, body) -> req.response().setChunked(true).end(ndjson("{\"message\":{\"content\":\"a\"},\"done\":false}",
        "{\"error\":\"model runner has unexpectedly stopped\"}"));
    assertThat(assertFails(ollama().chat(CALL, piece -> { }), Kind.SERVER_ERROR))
        .hasMessageContaining("model runner has unexpectedly stopped");

    script = (req, body) -> sse(req, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}",
        "data: {\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\"}}");
    assertThat(assertFails(openAi().chat(CALL, piece -> { }), Kind.SERVER_ERROR))
        .hasMessageContaining("upstream overloaded");
  }

  @Test
  void anErrorMidStreamIsOneBoundedLineWithoutTheKey() throws Exception {
    String longWords = "line one\nline two " + "x".repeat(5_000) + " " + KEY;
    script = (req, body) -> req.response().setChunked(true).end(ndjson(
        JSON.createObjectNode().put("error", longWords + " " + KEY).toString()));

    RemoteFailure f = assertFails(ollama().chat(CALL, piece -> { }), Kind.SERVER_ERROR);

    assertThat(f.getMessage()).contains("line one line two").doesNotContain("\n").hasSizeLessThan(500);
  }

  @Test
  void anEmbeddingWithANonNumberOrNoValuesIsABadReply() throws Exception {
    script = (req, body) -> req.response().end("{\"embeddings\":[[0.5,\"x\",1]]}");
    assertFails(ollama().embed("nomic", "t"), Kind.BAD_REPLY);
    script = (req, body) -> req.response().end("{\"embeddings\":[[]]}");
    assertFails(ollama().embed("nomic", "t"), Kind.BAD_REPLY);
    script = (req, body) -> req.response().end("{\"data\":[{\"embedding\":[0.5,null]}]}");
    assertFails(openAi().embed("e", "t"), Kind.BAD_REPLY);
    script = (req, body) -> req.response().end("{\"data\":[{\"embedding\":[]}]}");
    assertFails(openAi().embed("e", "t"), Kind.BAD_REPLY);
  }

  @Test
  void http401IsUnauthorized() throws Exception {
    script = (req, body) -> req.response().setStatusCode(401).end("{\"error\":\"unauthorized\"}");

    RemoteFailure f = assertFails(openAi().models(), Kind.UNAUTHORIZED);

    assertThat(f.status()).hasValue(401);
    assertThat(f.outage()).isTrue();
  }

  @Test
  void http400WithAnOpenAiErrorBodyIsRejectedInTheRemotesWords() throws Exception {
    script = (req, body) -> req.response().setStatusCode(400).putHeader("content-type", "application/json")
        .end("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\","
            + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}");

    RemoteFailure f = assertFails(openAi().chat(CALL, piece -> { }), Kind.REJECTED);

    assertThat(f).hasMessageContaining("HTTP 400").hasMessageContaining("maximum context length is 8192 tokens");
    assertThat(f.outage()).as("about the request, not the remote").isFalse();
  }

  @Test
  void http429IsRateLimitedWithItsRetryAfter() throws Exception {
    script = (req, body) -> req.response().setStatusCode(429).putHeader("retry-after", "7")
        .end("{\"error\":\"slow down\"}");

    RemoteFailure f = assertFails(ollama().chat(CALL, piece -> { }), Kind.RATE_LIMITED);

    assertThat(f.retryAfter()).hasValue(Duration.ofSeconds(7));
    assertThat(f).hasMessageContaining("slow down");
  }

  @Test
  void http503IsAServerError() throws Exception {
    script = (req, body) -> req.response().setStatusCode(503).end();

    RemoteFailure f = assertFails(ollama().embed("nomic", "t"), Kind.SERVER_ERROR);

    assertThat(f.status()).hasValue(503);
    assertThat(f.retryAfter()).isEmpty();
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    script = (req, body) -> { }; // accepted, read, never answered
    long started = System.nanoTime();

    assertFails(openAi(Optional.of(KEY), 300).chat(CALL, piece -> { }), Kind.TIMEOUT);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aStreamThatStallsAfterItsFirstLineTimesOut() throws Exception {
    script = (req, body) -> req.response().setChunked(true).write(ndjson("{\"message\":{\"content\":\"a\"},\"done\":false}"));

    RemoteFailure f = assertFails(ollama(Optional.of(KEY), 500).chat(CALL, piece -> { }), Kind.TIMEOUT);

    assertThat(f).as("timed out after the head, not before").hasMessageContaining("stalled for 500 ms");
  }

  @Test
  void aStreamThatKeepsComingOutlastsItsTimeoutAndLeavesTheConnectionUsable() throws Exception {
    script = (req, body) -> {
      HttpServerResponse res = req.response().setChunked(true);
      long[] sent = {0};
      vertx.setPeriodic(100, t -> {
        if (++sent[0] < 10) {
          res.write(ndjson("{\"message\":{\"content\":\"" + sent[0] + "\"},\"done\":false}"));
        } else {
          vertx.cancelTimer(t);
          res.end(ndjson("{\"message\":{\"content\":\"\"},\"done\":true}"));
        }
      });
    };
    OllamaClient client = ollama(Optional.of(KEY), 500);

    // each 1 s long with a 500 ms timeout; the second on the connection the first leaves behind
    assertThat(await(client.chat(CALL, piece -> { })).text()).isEqualTo("123456789");
    assertThat(await(client.chat(CALL, piece -> { })).text()).isEqualTo("123456789");
  }

  @Test
  void aClosedPortIsUnreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }

    RemoteFailure f = assertFails(client(URI.create("http://127.0.0.1:" + closed), Optional.of(KEY), TIMEOUT_MS,
        OllamaClient::new).models(), Kind.UNREACHABLE);

    assertThat(f).hasMessageContaining("127.0.0.1:" + closed);
  }

  @Test
  void aConnectionClosedMidStreamIsABrokenStream() throws Exception {
    script = (req, body) -> req.response().setChunked(true)
        .write(ndjson("{\"message\":{\"content\":\"a\"},\"done\":false}"))
        .onComplete(v -> req.connection().close());
    assertFails(ollama().chat(CALL, piece -> { }), Kind.BROKEN_STREAM);

    script = (req, body) -> {
      HttpServerResponse res = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      res.write("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n").onComplete(v -> req.connection().close());
    };
    assertFails(openAi().chat(CALL, piece -> { }), Kind.BROKEN_STREAM);
  }

  @Test
  void anErrorBodyThatEchoesTheKeyDoesNotPutItInTheMessage() throws Exception {
    script = (req, body) -> req.response().setStatusCode(401)
        .end("{\"error\":{\"message\":\"Incorrect API key provided: " + req.getHeader("authorization") + "\"}}");
    assertThat(assertFails(openAi().models(), Kind.UNAUTHORIZED)).hasMessageContaining("Incorrect API key provided");

    script = (req, body) -> req.response().setStatusCode(403).end("forbidden for " + req.getHeader("authorization"));
    assertThat(assertFails(ollama().models(), Kind.UNAUTHORIZED)).hasMessageContaining("forbidden for");

    // where the words are cut: a key across the cut must not leave its first characters behind
    script = (req, body) -> req.response().setStatusCode(401).end("y".repeat(290) + KEY + " is not valid");
    assertFails(ollama().models(), Kind.UNAUTHORIZED);
  }

  // --- helpers

  /** Fails the test unless {@code call} failed as {@code kind}, naming the remote and showing none of its key. */
  private static RemoteFailure assertFails(Future<?> call, Kind kind) throws Exception {
    RemoteFailure f;
    try {
      Object answer = await(call);
      throw new AssertionError("expected " + kind + ", got " + answer);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(RemoteFailure.class);
      f = (RemoteFailure) e.getCause();
    }
    assertThat(f.kind()).as(f.getMessage()).isEqualTo(kind);
    assertThat(f.getMessage()).startsWith(REMOTE).doesNotContain(KEY.substring(0, 6));
    return f;
  }

  private OllamaClient ollama() {
    return ollama(Optional.of(KEY), TIMEOUT_MS);
  }

  private OllamaClient ollama(Optional<String> key, long timeoutMs) {
    return client(URI.create("http://127.0.0.1:" + server.actualPort()), key, timeoutMs, OllamaClient::new);
  }

  private OpenAiClient openAi() {
    return openAi(Optional.of(KEY), TIMEOUT_MS);
  }

  private OpenAiClient openAi(Optional<String> key, long timeoutMs) {
    return client(URI.create("http://127.0.0.1:" + server.actualPort() + "/v1"), key, timeoutMs, OpenAiClient::new);
  }

  private <C> C client(URI base, Optional<String> key, long timeoutMs, Function<RemoteHttp, C> api) {
    RemoteHttp http = new RemoteHttp(vertx, REMOTE, base, key, timeoutMs);
    opened.add(http);
    return api.apply(http);
  }

  private static String ndjson(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /** Server-sent events as OpenAI writes them: each event a line, then a blank line. */
  private static void sse(HttpServerRequest req, String... lines) {
    HttpServerResponse res = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
    for (String line : lines) {
      res.write(line + "\n\n");
    }
    res.end();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
