package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TaskRecords;
import dev.mesh.node.testing.TcpProxy;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three clustered nodes sharing a folder; only {@code b} runs a model, and the others reach {@code b}'s event
 * bus through a TCP proxy. Cutting the proxy cuts {@code b}'s event bus while Hazelcast still lists it: tasks
 * entering at {@code a} or {@code c} still finish on {@code b}, through the folder, and say so in their hops;
 * restored, tasks travel the event bus again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventBusCutIT {
  private static final String NO_ENGINE = "engine: {enabled: false}\n";
  private static final String TASK = "{\"kind\":\"generate\",\"prompt\":\"Hi\",\"params\":{\"maxTokens\":4}}";
  private static TcpProxy proxy;
  private static MeshCluster mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    Path shared = Files.createTempDirectory("mesh-handoff-it-");
    String common = "handoff: {dir: " + shared + ", pollMs: 100}\nrouting: {hopTimeoutMs: 1000}\n";
    int eventBus = NodeProcess.freePort();
    proxy = TcpProxy.start(NodeProcess.freePort(), eventBus);
    mesh = MeshCluster.builder()
        .node("a", null, NO_ENGINE + common)
        .node("b", TestModels.synthetic(), common + "cluster: {eventBusPort: " + eventBus + ", eventBusPublicPort: "
            + proxy.port() + "}\n")
        .node("c", null, NO_ENGINE + common)
        .start();
  }

  @AfterAll
  static void stopMesh() throws Exception {
    if (mesh != null) {
      mesh.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @Order(1)
  void withTheEventBusUpTasksTravelIt() throws Exception {
    JsonNode done = run("a");
    assertThat(TaskRecords.hops(done, "handoff")).as(TaskRecords.history(done)).isEmpty();
  }

  @Test
  @Order(2)
  void withBsEventBusCutTasksFromEitherSideFinishThroughTheFolder() throws Exception {
    proxy.cut();
    for (String entry : new String[] {"a", "c"}) {
      JsonNode done = run(entry);
      String history = TaskRecords.history(done);
      assertThat(TaskRecords.hops(done, "handoff")).as(history).hasSize(1);
      assertThat(TaskRecords.hops(done, "handoff").get(0).path("reason").asText()).as(history)
          .contains("event bus could not deliver to b");
    }
    assertThat(MeshCluster.listed(mesh.node("a"))).as("Hazelcast still lists b").contains("b");
  }

  @Test
  @Order(3)
  void restoredTasksTravelTheEventBusAgain() throws Exception {
    proxy.restore();
    AtomicReference<String> last = new AtomicReference<>();
    Poll.until("a task from a to reach b over the event bus again (last: " + last + ")", Duration.ofSeconds(30), () -> {
      JsonNode done = run("a");
      last.set(TaskRecords.history(done));
      return TaskRecords.hops(done, "handoff").isEmpty();
    });
  }

  private static JsonNode run(String entry) throws Exception {
    String id = TaskRecords.submit(mesh.node(entry), TASK);
    JsonNode done = TaskRecords.awaitEnded(mesh.node(entry), id, Duration.ofSeconds(30));
    String history = TaskRecords.history(done);
    assertThat(done.path("state").asText()).as(history).isEqualTo("succeeded");
    assertThat(done.path("result").path("executedBy").asText()).as(history).isEqualTo("b");
    return done;
  }
}
