package dev.mesh.node.jobs;

import dev.mesh.handoff.AtomicFiles;
import dev.mesh.node.cluster.SharedMap;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.json.MeshJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Jobs, durably: one file per job in the node's data folder (so the node that owns a job still delivers its
 * callback after a restart) and, clustered, in a cluster map too (so any node answers {@code GET /v1/jobs}).
 * Writes are blocking and run one at a time on a worker. A job older than the retention whose callback is not
 * owed any more is forgotten (file, memory; the map's entries expire by themselves).
 */
public final class JobStore {
  public static final String MAP_NAME = "mesh.jobs";
  private static final Pattern VALID = Pattern.compile("j-[0-9a-z]{8,12}-[0-9a-z]{10,16}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long MAX_JOB_FILE_BYTES = 16L * 1024 * 1024;

  private final Vertx vertx;
  private final Path dir;
  private final SharedMap<String> cluster;
  private final Map<String, Job> local = new ConcurrentHashMap<>();
  private final Duration keep;

  /**
   * @param cluster the cluster-wide map of jobs ({@link #MAP_NAME}; none for a node alone)
   * @param keep how long a job is kept once its callback is done
   */
  public JobStore(Vertx vertx, Path dataDir, SharedMap<String> cluster, Duration keep) {
    this.vertx = vertx;
    this.dir = dataDir.resolve("jobs");
    this.cluster = cluster;
    this.keep = keep;
  }

  /** Forgets jobs created before the retention's horizon whose callback is not owed; blocking (a worker). */
  public int prune(Instant now) throws IOException {
    Instant horizon = now.minus(keep);
    int pruned = 0;
    for (Job job : List.copyOf(local.values())) {
      boolean owed = job.callback() != null && job.callback().pending();
      if (!owed && job.createdAt().isBefore(horizon)) {
        local.remove(job.id());
        Files.deleteIfExists(dir.resolve(job.id() + ".json"));
        pruned++;
      }
    }
    return pruned;
  }

  public static String nextId(Instant now) {
    String random = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    return "j-" + Long.toString(now.toEpochMilli(), 36) + "-" + "0".repeat(Math.max(0, 10 - random.length())) + random;
  }

  public static boolean validId(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /** Loads this node's jobs from its folder; returns them (their callbacks may still be owed). */
  public Future<List<Job>> recover() {
    return vertx.executeBlocking(() -> {
      AtomicFiles.ownerOnlyDirectory(dir);
      List<Job> jobs = new ArrayList<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "j-*.json")) {
        for (Path file : files) {
          Job job = MeshJson.mapper().readValue(AtomicFiles.readRegular(file, MAX_JOB_FILE_BYTES), Job.class);
          local.put(job.id(), job);
          jobs.add(job);
        }
      }
      return jobs;
    }, true);
  }

  public Future<Job> create(Job job) {
    return vertx.executeBlocking(() -> save(job), true);
  }

  /** Applies a change to the newest version this node holds (jobs change only on their owner). */
  public Future<Job> update(String id, UnaryOperator<Job> change) {
    return vertx.executeBlocking(() -> {
      Job current = local.get(id);
      if (current == null) {
        throw new IllegalStateException("job " + id + " is not held here");
      }
      return save(change.apply(current));
    }, true);
  }

  public Future<Optional<Job>> find(String id) {
    Job held = local.get(id);
    if (held != null) {
      return Future.succeededFuture(Optional.of(held));
    }
    return vertx.executeBlocking(() -> {
      Optional<String> json = cluster.get(id);
      return json.isEmpty() ? Optional.<Job>empty() : Optional.of(MeshJson.mapper().readValue(json.get(), Job.class));
    }, false);
  }

  private Job save(Job job) throws IOException {
    byte[] json = MeshJson.mapper().writeValueAsBytes(job);
    AtomicFiles.ownerOnlyDirectory(dir);
    AtomicFiles.write(dir.resolve(job.id() + ".json"), json);
    // kept past the retention by as long again: a callback still owed by then has long given up
    cluster.put(job.id(), new String(json, java.nio.charset.StandardCharsets.UTF_8), keep.multipliedBy(2));
    local.put(job.id(), job);
    return job;
  }
}
