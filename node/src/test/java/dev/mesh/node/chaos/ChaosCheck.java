package dev.mesh.node.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.TaskRecords;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Judges a chaos run once the faults have stopped and the mesh has healed: every task any node accepted — what
 * the client was told, and what every node's journal holds — must end, once, the same on every node.
 */
final class ChaosCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long END_DEADLINE_MS = 180_000;
  private static final long AGREE_DEADLINE_MS = 20_000;

  private final ChaosMesh mesh;
  private final ChaosClient client;

  ChaosCheck(ChaosMesh mesh, ChaosClient client) {
    this.mesh = mesh;
    this.client = client;
  }

  ChaosOutcome judge(List<FaultInjector.Done> faults) throws Exception {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> idsByKey = journaledIdsByKey();
    client.idsByKey.forEach((k, ids) -> idsByKey.computeIfAbsent(k, x -> new HashSet<>()).addAll(ids));
    client.refused.forEach((k, why) -> problems.add("key " + k + " not accepted: " + why));
    Set<String> all = new HashSet<>();
    idsByKey.values().forEach(all::addAll);

    Map<String, JsonNode> ended = awaitEnded(all, problems);
    int neverEnded = all.size() - ended.size();
    int succeeded = 0;
    Map<String, Integer> failedByCode = new TreeMap<>();
    int reExecutions = 0;
    for (JsonNode r : ended.values()) {
      if ("succeeded".equals(r.path("state").asText())) {
        succeeded++;
      } else {
        failedByCode.merge(r.path("error").path("code").asText(r.path("state").asText()), 1, Integer::sum);
      }
      if (TaskRecords.hops(r, "started").size() > 1) {
        reExecutions++;
      }
    }
    int twoTasks = 0;
    int runTwice = 0;
    for (Map.Entry<String, Set<String>> e : idsByKey.entrySet()) {
      if (e.getValue().size() > 1) {
        twoTasks++;
        long ran = e.getValue().stream().map(ended::get)
            .filter(r -> r != null && "succeeded".equals(r.path("state").asText())).count();
        if (ran > 1) {
          runTwice++;
          problems.add("key " + e.getKey() + " ran as " + e.getValue());
        }
      }
    }
    int disagreements = disagreements(ended.keySet(), problems);
    boolean jobEnded = jobEnded(problems);
    int callbacks = jobEnded ? callbacks(problems) : mesh.callbacks.size();
    return new ChaosOutcome(client.idsByKey.size() + client.refused.size(), client.idsByKey.size(),
        client.refused.size(), succeeded, failedByCode, neverEnded, twoTasks, runTwice, reExecutions,
        callbacks, jobEnded, disagreements, client.retries.get(), summary(faults), problems);
  }

  /** Every keyed task any node's journal (or claims journal) holds, ended or not. */
  private Map<String, Set<String>> journaledIdsByKey() throws IOException {
    Map<String, Set<String>> byKey = new HashMap<>();
    for (String name : ChaosMesh.NAMES) {
      Path data = mesh.node(name).data();
      for (Path dir : List.of(data.resolve("tasks"), data.resolve("tasks/done"), data.resolve("claims"),
          data.resolve("claims/done"))) {
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "t-*.json")) {
          for (Path f : files) {
            JsonNode r;
            try {
              r = JSON.readTree(Files.readString(f));
            } catch (java.nio.file.NoSuchFileException moved) {
              // ended while this loop ran: moved from tasks/ to tasks/done/, which is listed after it (a fresh-clone
              // run saw ChaosIT fail on this)
              continue;
            }
            String key = r.path("task").path("request").path("idempotencyKey").asText(null);
            if (key != null) {
              byKey.computeIfAbsent(key, k -> new HashSet<>()).add(r.path("task").path("id").asText());
            }
          }
        }
      }
    }
    return byKey;
  }

  private Map<String, JsonNode> awaitEnded(Set<String> ids, List<String> problems) throws Exception {
    Map<String, JsonNode> ended = new HashMap<>();
    long deadline = System.currentTimeMillis() + END_DEADLINE_MS;
    Set<String> open = new HashSet<>(ids);
    while (!open.isEmpty() && System.currentTimeMillis() < deadline) {
      for (String id : List.copyOf(open)) {
        JsonNode r = anyNode(id);
        if (r != null && Set.of("succeeded", "failed", "expired", "cancelled").contains(r.path("state").asText())) {
          ended.put(id, r);
          open.remove(id);
        }
      }
      if (!open.isEmpty()) {
        Thread.sleep(500);
      }
    }
    for (String id : open) {
      JsonNode r = anyNode(id);
      problems.add("task " + id + " never ended: " + (r == null ? "unknown to every node"
          : r.path("state").asText() + " " + TaskRecords.history(r)));
    }
    return ended;
  }

  private JsonNode anyNode(String id) throws Exception {
    for (String name : ChaosMesh.NAMES) {
      HttpResponse<String> r = mesh.node(name).get("/v1/tasks/" + id);
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
    }
    return null;
  }

  /** Tasks that some node still sees otherwise (state or executing node) once the others agree. */
  private int disagreements(Set<String> ids, List<String> problems) throws Exception {
    Set<String> disagreeing = new HashSet<>(ids);
    long deadline = System.currentTimeMillis() + AGREE_DEADLINE_MS;
    while (!disagreeing.isEmpty() && System.currentTimeMillis() < deadline) {
      for (String id : List.copyOf(disagreeing)) {
        if (views(id).size() == 1) {
          disagreeing.remove(id);
        }
      }
      if (!disagreeing.isEmpty()) {
        Thread.sleep(500);
      }
    }
    for (String id : disagreeing) {
      problems.add("task " + id + " seen differently: " + views(id));
    }
    return disagreeing.size();
  }

  private Set<String> views(String id) throws Exception {
    Set<String> views = new HashSet<>();
    for (String name : ChaosMesh.NAMES) {
      NodeProcess node = mesh.node(name);
      HttpResponse<String> r = node.get("/v1/tasks/" + id);
      JsonNode body = JSON.readTree(r.body());
      views.add(r.statusCode() + " " + body.path("state").asText() + " by "
          + body.path("result").path("executedBy").asText("-"));
    }
    return views;
  }

  /** Callbacks the receiver got, once the first has come (the job's owner posts it when the job ends). */
  private int callbacks(List<String> problems) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (mesh.callbacks.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
    }
    if (mesh.callbacks.isEmpty()) {
      problems.add("the webhook job ended but its callback never came");
    }
    return mesh.callbacks.size();
  }

  /** The webhook job, found by the id its acceptance answered with or its callback named, has ended. */
  private boolean jobEnded(List<String> problems) throws Exception {
    String id = client.jobId;
    if (id == null && !mesh.callbacks.isEmpty()) {
      id = JSON.readTree(mesh.callbacks.get(0)).path("id").asText(null);
    }
    if (id == null) {
      problems.add("webhook job: " + client.jobOutcome + "; no callback names it");
      return false;
    }
    long deadline = System.currentTimeMillis() + END_DEADLINE_MS;
    while (System.currentTimeMillis() < deadline) {
      for (String name : ChaosMesh.NAMES) {
        HttpResponse<String> r = mesh.node(name).get("/v1/jobs/" + id);
        if (r.statusCode() == 200 && JSON.readTree(r.body()).path("ended").asBoolean()) {
          return true;
        }
      }
      Thread.sleep(500);
    }
    problems.add("webhook job " + id + " never ended (" + client.jobOutcome + ")");
    return false;
  }

  private static String summary(List<FaultInjector.Done> faults) {
    return faults.stream().collect(Collectors.groupingBy(d -> d.fault().name().toLowerCase(), TreeMap::new,
        Collectors.counting())).toString();
  }
}
