package dev.mesh.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.config.ApiKeyConfig;
import dev.mesh.node.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate in front of a real HTTP server: who gets 401, who gets 403, who gets through. */
class ApiKeyGateTest {
  private static final String READ = "read-key-0123456789";
  private static final String SUBMIT = "submit-key-0123456789";
  private static final String ADMIN = "admin-key-0123456789";
  private static Vertx vertx;
  private static HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    ApiKeyGate gate = ApiKeyGate.of(new AuthConfig(List.of(
        new ApiKeyConfig("dashboard", READ, null, "read"),
        new ApiKeyConfig("agent", null, HexFormat.of().formatHex(ApiKeyGate.sha256(SUBMIT)), null),
        new ApiKeyConfig("owner", ADMIN, null, "admin"))));
    router.route("/v1/*").handler(gate);
    router.route("/cluster/*").handler(gate);
    router.route().handler(ctx -> ctx.response().end("through as " + ctx.get(ApiKeyGate.KEY_NAME)));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void healthNeedsNoKey() throws Exception {
    assertThat(call("GET", "/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void noKeyAWrongSchemeOrAnUnknownKeyIs401WithAChallenge() throws Exception {
    for (String header : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "Bearer not-a-key-we-know"}) {
      HttpResponse<String> r = call("GET", "/v1/tasks/t-1", header);
      assertThat(r.statusCode()).as("Authorization: %s", header).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer realm=\"mesh\"");
      assertThat(error(r).path("code").asText()).isEqualTo("unauthorized");
    }
  }

  @Test
  void aKnownKeyWhoseRoleDoesNotCoverTheRequestIs403NamingBoth() throws Exception {
    HttpResponse<String> post = call("POST", "/v1/tasks", "Bearer " + READ);
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(error(post).path("code").asText()).isEqualTo("forbidden");
    assertThat(error(post).path("message").asText())
        .isEqualTo("key 'dashboard' has role read; POST /v1/tasks needs role submit");
    assertThat(call("POST", "/cluster/nodes/pi/drain", "Bearer " + SUBMIT).statusCode()).isEqualTo(403);
  }

  @Test
  void eachRoleReachesWhatItCovers() throws Exception {
    assertThat(call("GET", "/cluster/status", "Bearer " + READ).body()).isEqualTo("through as dashboard");
    assertThat(call("POST", "/v1/tasks", "bearer " + SUBMIT).body()).as("scheme is case-insensitive")
        .isEqualTo("through as agent");
    assertThat(call("POST", "/cluster/nodes/pi/drain", "Bearer " + ADMIN).body()).isEqualTo("through as owner");
    assertThat(call("POST", "/v1/tasks", "Bearer " + ADMIN).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .method(method, HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode error(HttpResponse<String> r) throws Exception {
    return new ObjectMapper().readTree(r.body()).path("error");
  }
}
