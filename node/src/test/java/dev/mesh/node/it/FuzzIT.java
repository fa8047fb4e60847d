package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.signing.Signature;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Throws 12,000 generated bad requests at a real node's {@code /hooks/*} and {@code /v1/*}: mutated bodies
 * (cut short, bytes flipped, fields of the wrong type, huge or deeply nested values, broken UTF-8), garbage
 * headers (signatures, timestamps, delivery ids, content types, keys), wrong methods and paths; half the hook
 * deliveries correctly signed, so the mapping sees the garbage too. No answer may be a 5xx, every error must
 * be a well-formed {@code {"error":{"code","message"}}}, and the node must be healthy at the end. The seed is
 * printed; {@code -Dmesh.fuzz.seed=N} replays a run.
 */
class FuzzIT {
  private static final int REQUESTS = Integer.getInteger("mesh.fuzz.requests", 12_000);
  private static final int IN_FLIGHT = 16;
  private static final String SECRET = "fuzz-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VALID_BODIES = List.of(
      "{\"kind\":\"generate\",\"prompt\":\"Once\",\"params\":{\"maxTokens\":4,\"temperature\":0.5}}",
      "{\"kind\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"params\":{\"maxTokens\":4}}",
      "{\"kind\":\"classify\",\"prompt\":\"x\",\"labels\":[\"a\",\"b\"]}",
      "{\"kind\":\"embed\",\"input\":\"hello\"}",
      "{\"model\":\"synthetic\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":4,\"stop\":[\"x\"]}",
      "{\"model\":\"synthetic\",\"prompt\":\"Once\",\"max_tokens\":4,\"temperature\":0.2}",
      "{\"model\":\"synthetic\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"float\"}",
      "{\"items\":[{\"title\":\"a\"},{\"title\":\"b\"}]}",
      "{\"text\":\"note\"}");
  private static final String[] JUNK = {"null", "true", "-1", "0", "1e309", "-9223372036854775809", "\"\"",
      "\"\\u0000\"", "[]", "{}", "[[[[[]]]]]", "\"" + "x".repeat(70_000) + "\"", "1.5", "\"a\"", "{\"$ref\":\"#\"}"};
  private static final String[] POST_PATHS = {"/v1/tasks", "/v1/chat/completions", "/v1/completions",
      "/v1/embeddings", "/hooks/feed", "/hooks/note", "/hooks/unknown", "/v1/tasks?wait=abc", "/v1/tasks?wait=-1",
      "/v1/tasks?wait=1e9", "/hooks/", "/hooks/../v1/tasks", "/v1/jobs/j-1", "/v1/models"};
  private static final String[] GET_PATHS = {"/v1/tasks/t-00000000-0000000000", "/v1/tasks/%2e%2e%2fetc",
      "/v1/jobs/j-zzzzzzzz-zzzzzzzzzz", "/v1/jobs/../../etc/passwd", "/v1/tasks/x/events", "/v1/models",
      "/v1/tasks/t-00000000-0000000000/events", "/hooks/feed", "/v1/nothing", "/cluster/status"};

  @Test
  void noGeneratedBadRequestGetsA5xxOrAnIllFormedError() throws Exception {
    long seed = Long.getLong("mesh.fuzz.seed", System.nanoTime());
    System.out.println("fuzz seed " + seed + " (-Dmesh.fuzz.seed=" + seed + " to replay)");
    String hooks = "hooks:\n"
        + "  - {name: feed, secret: " + SECRET + ", each: /items, task: {kind: embed, input: '{/title}'}}\n"
        + "  - {name: note, secret: " + SECRET + ", maxBodyBytes: 4096,"
        + " task: {kind: generate, prompt: 'Note: {/text}', params: {maxTokens: 4}}}\n"
        + "limits: {queueCapacity: 1000000, maxTokens: 64}\n";
    try (NodeProcess node = NodeProcess.configure(Files.createTempDirectory("mesh-fuzz-it-"), TestModels.synthetic(),
        hooks).start()) {
      Random random = new Random(seed);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      Semaphore slots = new Semaphore(IN_FLIGHT);
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        HttpRequest request = generate(random, node.port());
        slots.acquire();
        all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, error) -> {
          slots.release();
          if (error != null) {
            problems.add(request.method() + " " + request.uri() + ": no answer: " + error);
            return null;
          }
          statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
          String problem = check(r);
          if (problem != null) {
            problems.add(request.method() + " " + request.uri() + " -> " + r.statusCode() + ": " + problem);
          }
          return null;
        }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      System.out.println("fuzz: " + REQUESTS + " requests, statuses " + new java.util.TreeMap<>(statuses));
      assertThat(problems).as("seed " + seed).isEmpty();
      assertThat(node.get("/health").statusCode()).isEqualTo(200);
    }
  }

  /** Null when the answer is acceptable: below 500, and a well-formed error when it is an error. */
  private static String check(HttpResponse<String> r) {
    if (r.statusCode() >= 500) {
      return "server error " + abbreviate(r.body());
    }
    if (r.statusCode() < 400) {
      return null;
    }
    try {
      JsonNode error = JSON.readTree(r.body()).path("error");
      if (!error.path("code").isTextual() || error.path("code").asText().isBlank()
          || !error.path("message").isTextual() || error.path("message").asText().isBlank()) {
        return "ill-formed error " + abbreviate(r.body());
      }
      return null;
    } catch (Exception e) {
      return "error body is not JSON: " + abbreviate(r.body());
    }
  }

  private static HttpRequest generate(Random random, int port) {
    boolean get = random.nextInt(5) == 0;
    String path = get ? pick(random, GET_PATHS) : pick(random, POST_PATHS);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60));
    byte[] body = body(random);
    String method = get ? "GET" : random.nextInt(10) == 0 ? pick(random, new String[] {"PUT", "DELETE", "PATCH"})
        : "POST";
    b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    if (random.nextBoolean()) {
      b.header("content-type", pick(random, new String[] {"application/json", "text/plain", "application/x-www-form-"
          + "urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*"}));
    }
    if (path.startsWith("/hooks/")) {
      long ts = Instant.now().getEpochSecond() + (random.nextInt(4) == 0 ? random.nextInt(20_000) - 10_000 : 0);
      String id = random.nextInt(6) == 0 ? pick(random, new String[] {"", "a b", "x".repeat(300), "d-1", "ü"})
          : "d-" + random.nextLong();
      b.header(Signature.TIMESTAMP_HEADER, random.nextInt(8) == 0 ? pick(random, new String[] {"abc", "-1", "",
          "99999999999999999999", "1.5", "0x10"}) : Long.toString(ts));
      if (!id.isEmpty() && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        b.header(Signature.DELIVERY_HEADER, id);
      }
      b.header(Signature.SIGNATURE_HEADER, random.nextBoolean() ? new Signature(SECRET).sign(ts, id, body)
          : pick(random, new String[] {"sha256=", "sha256=zz", "md5=abc", "sha256=" + "0".repeat(64), "x"}));
    }
    if (random.nextInt(4) == 0) {
      b.header("Authorization", pick(random, new String[] {"Bearer", "Bearer x", "Basic Zm9vOmJhcg==", "bearer  ",
          "Token abc"}));
    }
    return b.build();
  }

  private static byte[] body(Random random) {
    String valid = pick(random, VALID_BODIES.toArray(String[]::new));
    return switch (random.nextInt(9)) {
      case 0 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8); // cut short
      case 1 -> flip(random, valid.getBytes(StandardCharsets.UTF_8));
      case 2 -> replaceAValue(random, valid).getBytes(StandardCharsets.UTF_8);
      case 3 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
      case 4 -> new byte[] {(byte) 0xC3, (byte) 0x28, '{', (byte) 0xFF, '}'}; // broken UTF-8
      case 5 -> new byte[0];
      case 6 -> pick(random, JUNK).getBytes(StandardCharsets.UTF_8);
      case 7 -> valid.replaceFirst("\\{", "{\"kind\":\"generate\",\"kind\":\"dance\",").getBytes(StandardCharsets.UTF_8);
      default -> replaceAValue(random, replaceAValue(random, valid)).getBytes(StandardCharsets.UTF_8);
    };
  }

  /** Puts a junk value where one of the body's values was: the right field with the wrong type. */
  private static String replaceAValue(Random random, String json) {
    List<int[]> values = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":\\s*(\"[^\"]*\"|-?[0-9.]+|true|false|null)")
        .matcher(json);
    while (m.find()) {
      values.add(new int[] {m.start(1), m.end(1)});
    }
    if (values.isEmpty()) {
      return json;
    }
    int[] v = values.get(random.nextInt(values.size()));
    return json.substring(0, v[0]) + pick(random, JUNK) + json.substring(v[1]);
  }

  private static byte[] flip(Random random, byte[] bytes) {
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static <T> T pick(Random random, T[] options) {
    return options[random.nextInt(options.length)];
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
