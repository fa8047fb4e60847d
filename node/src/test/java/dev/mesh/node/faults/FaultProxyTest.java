package dev.mesh.node.faults;

import static dev.mesh.node.testing.Awaits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between real HTTP clients and a real Vert.x server: what passes, what streams, what each fault breaks. */
class FaultProxyTest {
  private static final int STREAM_LINES = 5;
  private static final long STREAM_GAP_MS = 200;
  private static Vertx vertx;
  private static HttpServer target;
  /** When the target wrote each line of /stream, in System.nanoTime(). */
  private static final List<Long> streamWrites = new CopyOnWriteArrayList<>();
  /** The X-Client header of each request that reached the target's /echo. */
  private static final List<String> echoHits = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private FaultProxy proxy;

  @BeforeAll
  static void startTarget() throws Exception {
    vertx = Vertx.vertx();
    target = await(vertx.createHttpServer().requestHandler(FaultProxyTest::serve).listen(0, "127.0.0.1"));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void startProxy() throws Exception {
    streamWrites.clear();
    echoHits.clear();
    proxy = await(FaultProxy.start(vertx, 0, target.actualPort()));
  }

  @AfterEach
  void closeProxy() throws Exception {
    await(proxy.close());
  }

  @Test
  void passRelaysStatusHeadersAndBodyBothWaysAndCountsTheRequest() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/echo?model=qwen"))
        .header("Authorization", "Bearer sk-test").header("X-Client", "one").header("Proxy-Authorization", "hop")
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\"}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.version()).as("the h2c upgrade java.net.http asks for is declined").isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("X-Echo")).hasValue("yes");
    assertThat(r.headers().firstValue("Keep-Alive")).as("hop-by-hop, dropped").isEmpty();
    JsonObject echo = new JsonObject(r.body());
    assertThat(echo.getString("method")).isEqualTo("POST");
    assertThat(echo.getString("uri")).isEqualTo("/echo?model=qwen");
    assertThat(echo.getString("authorization")).isEqualTo("Bearer sk-test");
    assertThat(echo.getString("proxyAuthorization")).as("hop-by-hop, dropped").isNull();
    assertThat(echo.getString("body")).isEqualTo("{\"prompt\":\"hi\"}");
    assertThat(proxy.requests()).isEqualTo(1);
    assertThat(proxy.forwarded()).isEqualTo(1);
    assertThat(proxy.requests("/echo")).isEqualTo(1);
    assertThat(proxy.requests("/stream")).isZero();
  }

  @Test
  void passRelaysEachStreamedLineAsTheTargetWritesIt() throws Exception {
    HttpResponse<InputStream> r = http.send(get("/stream"), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = reader(r)) {
      assertThat(lines.readLine()).isEqualTo(line(0));
      long firstRead = System.nanoTime();
      for (int i = 1; i < STREAM_LINES; i++) {
        assertThat(lines.readLine()).isEqualTo(line(i));
      }
      assertThat(lines.readLine()).as("a clean end").isNull();
      assertThat(firstRead).as("first line read before the last was written: nothing buffered the stream")
          .isLessThan(streamWrites.get(STREAM_LINES - 1));
    }
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
  }

  @Test
  void refuseRefusesNewConnectionsAndPassListensOnTheSamePortAgain() throws Exception {
    int port = proxy.port();
    await(proxy.set(Fault.REFUSE));

    assertThatThrownBy(() -> HttpClient.newHttpClient().send(get("/echo"), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    assertThat(proxy.requests()).isZero();

    await(proxy.set(Fault.PASS));
    assertThat(proxy.port()).isEqualTo(port);
    assertThat(HttpClient.newHttpClient().send(get("/echo"), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(201);
    assertThat(proxy.requests()).isEqualTo(1);
  }

  @Test
  void refuseCutsAStreamAlreadyOpen() throws Exception {
    HttpResponse<InputStream> r = http.send(get("/stream"), HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = reader(r)) {
      assertThat(lines.readLine()).isEqualTo(line(0));
      await(proxy.set(Fault.REFUSE));
      assertThatThrownBy(() -> readToEnd(lines)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void unavailableAnswers503WithoutForwarding() throws Exception {
    await(proxy.set(Fault.UNAVAILABLE));

    HttpResponse<String> r = http.send(get("/echo"), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("injected: service unavailable");
    assertThat(proxy.requests()).isEqualTo(1);
    assertThat(proxy.forwarded()).isZero();
    assertThat(echoHits).isEmpty();
  }

  @Test
  void firstFaultNanosIsWhenTheCurrentFaultFirstBrokeARequest() throws Exception {
    http.send(get("/echo"), HttpResponse.BodyHandlers.ofString());
    assertThat(proxy.firstFaultNanos()).as("a request passed on is no fault").isEmpty();

    await(proxy.set(Fault.UNAVAILABLE));
    long before = System.nanoTime();
    http.send(get("/echo"), HttpResponse.BodyHandlers.ofString());
    long after = System.nanoTime();
    long first = proxy.firstFaultNanos().orElseThrow();
    http.send(get("/echo"), HttpResponse.BodyHandlers.ofString());

    assertThat(first).isBetween(before, after);
    assertThat(proxy.firstFaultNanos()).as("the first, not the latest").hasValue(first);
    await(proxy.set(Fault.TOO_MANY_REQUESTS));
    assertThat(proxy.firstFaultNanos()).as("a new fault starts over").isEmpty();
  }

  @Test
  void tooManyRequestsAnswers429WithTheConfiguredRetryAfter() throws Exception {
    await(proxy.set(Fault.TOO_MANY_REQUESTS));

    HttpResponse<String> byDefault = http.send(get("/echo"), HttpResponse.BodyHandlers.ofString());
    proxy.retryAfterSeconds(7);
    HttpResponse<String> configured = http.send(get("/echo"), HttpResponse.BodyHandlers.ofString());

    assertThat(byDefault.statusCode()).isEqualTo(429);
    assertThat(byDefault.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(new JsonObject(byDefault.body()).getString("error")).isEqualTo("injected: too many requests");
    assertThat(configured.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(proxy.forwarded()).isZero();
    assertThat(echoHits).isEmpty();
  }

  @Test
  void slowOutlastsTheClientTimeoutAndNeverForwardsTheRequestOfAClientThatLeft() throws Exception {
    proxy.slowDelayMs(3_000);
    await(proxy.set(Fault.SLOW));

    long start = System.nanoTime();
    HttpRequest impatient = HttpRequest.newBuilder(uri("/echo")).header("X-Client", "impatient")
        .timeout(Duration.ofMillis(500)).build();
    assertThatThrownBy(() -> http.send(impatient, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    // held as long, and sent after: once it reaches the target, the impatient one's hold has ended too
    HttpRequest patient = HttpRequest.newBuilder(uri("/echo")).header("X-Client", "patient").build();
    long patientStart = System.nanoTime();
    assertThat(http.send(patient, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
    assertThat(Duration.ofNanos(System.nanoTime() - patientStart)).isGreaterThan(Duration.ofMillis(2_900));
    assertThat(echoHits).containsExactly("patient");
    assertThat(proxy.requests()).isEqualTo(2);
    assertThat(proxy.forwarded()).isEqualTo(1);
  }

  @Test
  void resetMidStreamRelaysTheFirstLineThenBreaksTheStream() throws Exception {
    await(proxy.set(Fault.RESET_MID_STREAM));

    HttpResponse<InputStream> r = http.send(get("/stream"), HttpResponse.BodyHandlers.ofInputStream());

    assertThat(r.statusCode()).isEqualTo(200);
    try (BufferedReader lines = reader(r)) {
      assertThat(lines.readLine()).isEqualTo(line(0));
      assertThatThrownBy(() -> readToEnd(lines)).as("a break, not a clean end").isInstanceOf(IOException.class);
    }
    assertThat(proxy.forwarded()).isEqualTo(1);
  }

  @Test
  void aTargetThatIsDownGets502InPass() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    FaultProxy toNowhere = await(FaultProxy.start(vertx, 0, closedPort));
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + toNowhere.port() + "/echo")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(new JsonObject(r.body()).getString("error")).contains("unreachable").contains(":" + closedPort);
      assertThat(toNowhere.requests()).isEqualTo(1);
      assertThat(toNowhere.forwarded()).isZero();
    } finally {
      await(toNowhere.close());
    }
  }

  private static void serve(HttpServerRequest request) {
    switch (request.path()) {
      case "/echo" -> request.body().onSuccess(body -> {
        echoHits.add(String.valueOf(request.getHeader("X-Client")));
        request.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json").putHeader("X-Echo", "yes")
            .putHeader("Keep-Alive", "timeout=5")
            .end(new JsonObject().put("method", request.method().name()).put("uri", request.uri())
                .put("authorization", request.getHeader("Authorization"))
                .put("proxyAuthorization", request.getHeader("Proxy-Authorization"))
                .put("body", body.toString()).encode());
      });
      case "/stream" -> {
        HttpServerResponse response = request.response().setChunked(true)
            .putHeader("Content-Type", "application/x-ndjson");
        writeLine(response, 0);
      }
      default -> request.response().setStatusCode(404).end();
    }
  }

  private static void writeLine(HttpServerResponse response, int i) {
    if (response.closed()) {
      return;
    }
    streamWrites.add(System.nanoTime());
    response.write(line(i) + "\n");
    if (i == STREAM_LINES - 1) {
      response.end();
    } else {
      vertx.setTimer(STREAM_GAP_MS, t -> writeLine(response, i + 1));
    }
  }

  private static String line(int i) {
    return "{\"response\":\"token " + i + "\",\"done\":" + (i == STREAM_LINES - 1) + "}";
  }

  private static void readToEnd(BufferedReader lines) throws IOException {
    while (lines.readLine() != null) {
      // drained: a clean end returns null, a break throws
    }
  }

  private static BufferedReader reader(HttpResponse<InputStream> r) {
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(uri(path)).build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + proxy.port() + path);
  }
}
