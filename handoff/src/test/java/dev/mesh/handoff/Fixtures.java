package dev.mesh.handoff;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One shared folder with every part wired as a node would, for tests. */
final class Fixtures {
  static final long MAX_BYTES = 64 * 1024;

  final HandoffDir dir;
  final Clock clock;
  final List<String> rejections = new CopyOnWriteArrayList<>();
  final Quarantine quarantine;
  final Inbox inbox;
  final Leases leases;
  final Results results;

  Fixtures(Path root, Clock clock, Duration lease, Duration settle) throws IOException {
    this.dir = HandoffDir.open(root);
    this.clock = clock;
    this.quarantine = new Quarantine(dir, clock, rejections::add);
    this.inbox = new Inbox(dir, new TaskFiles(MAX_BYTES, TaskValidator.Limits.defaults()), quarantine, clock, settle);
    this.leases = new Leases(dir, clock, lease);
    this.results = new Results(dir, quarantine, clock, MAX_BYTES);
  }

  static Fixtures at(Path root) throws IOException {
    return new Fixtures(root, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ZERO);
  }

  static TaskRecord task(String id) {
    return task(id, "{\"kind\":\"embed\",\"input\":\"a\"}");
  }

  static TaskRecord task(String id, String requestJson) {
    return TaskRecord.queued(Task.accept(TaskCodec.decodeRequest(requestJson), id, "origin", Instant.now()));
  }

  static TaskRecord ended(TaskRecord record, String by, String message) {
    return record.running(by, Instant.now()).failed(ApiError.of(ErrorCodes.INTERNAL, message), Instant.now());
  }
}
