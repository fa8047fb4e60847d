package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TestModels;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An idempotency key names one task mesh-wide: a client that retries a submit on another node — at the same time,
 * or because the first node froze with the submit in its buffers — gets the first task, never a second one.
 */
class IdempotencyIT {
  private static MeshCluster mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = MeshCluster.builder()
        .node("a", TestModels.synthetic(), null)
        .node("b", TestModels.synthetic(), null)
        .node("c", TestModels.synthetic(), null)
        .start();
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
  }

  private static String keyed(String key) {
    return "{\"kind\":\"embed\",\"input\":\"note\",\"idempotencyKey\":\"" + key + "\"}";
  }

  @Test
  void theSameKeySentToTwoNodesAtOnceMakesOneTask() throws Exception {
    NodeProcess a = mesh.node("a");
    NodeProcess b = mesh.node("b");
    List<CompletableFuture<String>[]> pairs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String key = "race-" + i + "-" + UUID.randomUUID();
      @SuppressWarnings("unchecked")
      CompletableFuture<String>[] pair = new CompletableFuture[] {submitAsync(a, keyed(key)), submitAsync(b, keyed(key))};
      pairs.add(pair);
    }
    for (CompletableFuture<String>[] pair : pairs) {
      assertThat(pair[0].get()).as("the task id a and b answered for one key").isEqualTo(pair[1].get());
    }
  }

  @Test
  void aSubmitBufferedOnAFrozenNodeDoesNotRunASecondTaskForAKeyRetriedElsewhere() throws Exception {
    NodeProcess a = mesh.node("a");
    NodeProcess b = mesh.node("b");
    String key = "frozen-" + UUID.randomUUID();
    b.pause();
    CompletableFuture<HttpResponse<String>> buffered = CompletableFuture.supplyAsync(() -> {
      try {
        return b.post("/v1/tasks", keyed(key));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(1000); // the request sits in b's socket buffer; its client gives up and retries at a
    String first = submitAsync(a, keyed(key)).get();
    Poll.until("a to drop frozen b", Duration.ofSeconds(20), () -> !MeshCluster.listed(a).contains("b"));
    b.resume();

    HttpResponse<String> late = buffered.get(60, java.util.concurrent.TimeUnit.SECONDS);
    JsonNode body = NodeProcess.json(late);
    System.out.printf("b answered the buffered submit after waking: %d %s%n", late.statusCode(), body);
    if (late.statusCode() == 202) {
      assertThat(body.path("id").asText()).as("b accepted the key's task; it must be a's, not a second one")
          .isEqualTo(first);
    } else {
      assertThat(late.statusCode()).as(body.toString()).isEqualTo(503);
      assertThat(body.path("error").path("code").asText()).isEqualTo("rejoining");
    }
    mesh.awaitFormed();
    assertThat(TaskRecords.awaitEnded(a, first, Duration.ofSeconds(30)).path("state").asText()).isEqualTo("succeeded");
    // once b stands again, the key still names a's task there
    HttpResponse<String> again = b.post("/v1/tasks", keyed(key));
    assertThat(NodeProcess.json(again).path("id").asText()).as(again.body()).isEqualTo(first);
  }

  /** The id a node answers a keyed submit with: 202 for a task still going, 200 for one that ended already. */
  private static CompletableFuture<String> submitAsync(NodeProcess node, String body) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        HttpResponse<String> r = node.post("/v1/tasks", body);
        assertThat(r.statusCode()).as("submit to %s: %s", node.name(), r.body()).isIn(200, 202);
        return NodeProcess.json(r).path("id").asText();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
