package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TestModels;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An interactive task sent to a node whose engine has a long batch backlog starts next — after the task running,
 * before the backlog — and the status, metrics and recent tasks say what waits by class. On the synthetic model:
 * it never stops early, so every batch task takes its full maxTokens and the backlog is as long as it looks.
 */
class PriorityIT {
  private static final int BATCH = 30;
  /** Fewer than BATCH: the batch backlog fills the queue. */
  private static final int CAPACITY = 20;
  private static final Pattern QUEUED_BATCH =
      Pattern.compile("(?m)^mesh_tasks_queued\\{[^}]*priority=\"batch\"[^}]*\\} ([0-9.]+)");

  @Test
  void anInteractiveTaskStartsAfterTheRunningTaskNotAfterTheBatchBacklog() throws Exception {
    try (NodeProcess node = NodeProcess.configure(Files.createTempDirectory("mesh-priority-it-"),
        TestModels.synthetic(), "limits: {queueCapacity: " + CAPACITY + "}\n").start()) {
      List<String> batch = new ArrayList<>();
      int refused = 0;
      for (int i = 0; i < BATCH; i++) {
        HttpResponse<String> accepted = node.post("/v1/tasks", "{\"kind\":\"generate\",\"prompt\":\"Item " + i
            + "\",\"priority\":\"batch\",\"params\":{\"maxTokens\":300}}");
        if (accepted.statusCode() == 202) {
          batch.add(NodeProcess.json(accepted).path("id").asText());
        } else {
          assertThat(accepted.body()).as("refused: the queue is full").contains("queue_full");
          refused++;
        }
      }
      // the batch backlog fills the queue, yet a chat is not refused: it waits behind its own class only
      assertThat(refused).as("batch tasks past limits.queueCapacity " + CAPACITY).isPositive();
      JsonNode load = Poll.until("the batch backlog to show in the advert", Duration.ofSeconds(10), () -> {
        JsonNode l = NodeProcess.json(node.get("/cluster/status")).at("/nodes/0/load");
        return l.at("/byPriority/batch/tasks").asInt() >= CAPACITY / 2 ? l : null;
      });
      assertThat(load.at("/byPriority/interactive/tasks").asInt()).isZero();
      assertThat(queuedBatchMetric(node)).as("mesh_tasks_queued{priority=batch}").isPositive();

      JsonNode chat = NodeProcess.json(node.post("/v1/tasks?wait=60", "{\"kind\":\"generate\",\"prompt\":\"Hi\","
          + "\"priority\":\"interactive\",\"params\":{\"maxTokens\":8}}"));
      assertThat(chat.path("state").asText()).as(chat.toString()).isEqualTo("succeeded");

      Instant accepted = Instant.parse(chat.at("/task/acceptedAt").asText());
      Instant started = startedAt(chat).orElseThrow();
      List<JsonNode> records = new ArrayList<>();
      for (String id : batch) {
        records.add(NodeProcess.json(node.get("/v1/tasks/" + id)));
      }
      long startedInBetween = records.stream().map(PriorityIT::startedAt).flatMap(Optional::stream)
          .filter(at -> at.isAfter(accepted) && at.isBefore(started)).count();
      long stillQueued = records.stream().filter(r -> r.path("state").asText().equals("queued")).count();
      assertThat(startedInBetween).as("batch tasks started while the interactive one waited: at most the one that"
          + " took the engine as it arrived").isLessThanOrEqualTo(1);
      assertThat(stillQueued).as("the backlog it went ahead of").isGreaterThanOrEqualTo(CAPACITY / 2);

      JsonNode recent = NodeProcess.json(node.get("/cluster/status")).path("recent");
      assertThat(recent.findValuesAsText("priority")).contains("interactive", "batch");
    }
  }

  private static Optional<Instant> startedAt(JsonNode record) {
    for (JsonNode hop : record.path("hops")) {
      if (hop.path("event").asText().equals("started")) {
        return Optional.of(Instant.parse(hop.path("at").asText()));
      }
    }
    return Optional.empty();
  }

  private static double queuedBatchMetric(NodeProcess node) throws Exception {
    Matcher m = QUEUED_BATCH.matcher(node.get("/metrics").body());
    assertThat(m.find()).as("a mesh_tasks_queued series for batch").isTrue();
    return Double.parseDouble(m.group(1));
  }
}
