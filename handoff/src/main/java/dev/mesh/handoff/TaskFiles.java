package dev.mesh.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.json.StrictUtf8;
import dev.mesh.protocol.error.FieldError;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.seal.FileSeal;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads one task file and says exactly what is wrong with a bad one. Two shapes are accepted: a node's task
 * record (it has a {@code "task"} field) or a bare request as {@code POST /v1/tasks} takes it. Never follows a
 * link, never reads past {@code maxBytes}, and the id inside must be the file's name.
 */
public final class TaskFiles {
  private final long maxBytes;
  private final TaskValidator.Limits limits;
  private final FileSeal seal;
  private final boolean acceptUnsigned;

  public TaskFiles(long maxBytes, TaskValidator.Limits limits) {
    this(maxBytes, limits, FileSeal.none(), true);
  }

  /**
   * @param seal checks the MAC nodes put on what they write (with a mesh key)
   * @param acceptUnsigned with a mesh key, whether a script's bare request without a MAC is taken (a node's record
   *     never is: only nodes holding the key hand tasks over)
   */
  public TaskFiles(long maxBytes, TaskValidator.Limits limits, FileSeal seal, boolean acceptUnsigned) {
    this.maxBytes = maxBytes;
    this.limits = limits;
    this.seal = seal;
    this.acceptUnsigned = acceptUnsigned;
  }

  /** A node's file for this task: its record, with a MAC when there is a mesh key. */
  public byte[] encode(TaskRecord record) throws IOException {
    return seal.sign(purpose(record.id()), MeshJson.mapper().writeValueAsBytes(record));
  }

  /** What a node's task file is signed for: the task's id, wherever the file moves (inbox, claims). */
  public static String purpose(String id) {
    return "task/" + id;
  }

  /** A file that can't be used as a task, and why. */
  public static final class BadFile extends Exception {
    private static final long serialVersionUID = 1L;

    BadFile(String reason) {
      super(reason, null, false, false);
    }
  }

  public HandoffTask read(Path file) throws BadFile, IOException {
    String id = Names.idOf(file).orElseThrow(() -> new BadFile("file name '" + file.getFileName()
        + "' is not <id>.json with a plain id (letters, digits, '.', '-', '_'; at most 128 characters)"));
    byte[] bytes;
    try {
      bytes = AtomicFiles.readRegular(file, maxBytes);
    } catch (NoSuchFileException gone) {
      throw gone;
    } catch (IOException unreadable) {
      throw new BadFile(unreadable.getMessage());
    }
    try {
      StrictUtf8.check(bytes, "the file");
    } catch (ValidationException e) {
      throw new BadFile(e.getMessage());
    }
    FileSeal.Verdict verdict = seal.verify(purpose(id), bytes);
    if (verdict instanceof FileSeal.Verdict.Forged forged) {
      throw new BadFile("its MAC does not hold: " + forged.reason());
    }
    boolean signed = verdict instanceof FileSeal.Verdict.Signed;
    bytes = verdict instanceof FileSeal.Verdict.Signed s ? s.json() : ((FileSeal.Verdict.Unsigned) verdict).json();
    JsonNode tree;
    try {
      tree = MeshJson.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new BadFile("is not JSON (truncated or malformed): " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new BadFile("is not a JSON object");
    }
    if (seal.keyed() && !signed && tree.has("task")) {
      throw new BadFile("is a task record without a MAC: with a mesh key, only nodes holding it hand tasks over");
    }
    if (seal.keyed() && !signed && !acceptUnsigned) {
      throw new BadFile("is a request without a MAC: this node takes requests from scripts only with"
          + " handoff.acceptUnsigned: true");
    }
    try {
      return tree.has("task") ? fromNode(id, bytes) : fromScript(id, bytes, Files.getLastModifiedTime(file).toInstant());
    } catch (RuntimeException e) {
      throw new BadFile(firstLine(e.getMessage()));
    }
  }

  private HandoffTask fromNode(String id, byte[] bytes) throws BadFile {
    TaskRecord record = TaskCodec.decode(bytes, TaskRecord.class);
    if (!id.equals(record.id())) {
      throw new BadFile("holds task '" + record.id() + "' but is named for '" + id + "'");
    }
    if (record.terminal()) {
      // a task to run, never an outcome: a forged 'succeeded' record here was once copied to results/ unrun
      throw new BadFile("holds a task in state '" + record.state().wire() + "': the inbox takes tasks to run, never"
          + " outcomes");
    }
    check(record.task().request());
    return new HandoffTask(record, true);
  }

  private HandoffTask fromScript(String id, byte[] bytes, Instant droppedAt) throws BadFile {
    TaskRequest request = TaskCodec.decodeRequest(bytes);
    check(request);
    return new HandoffTask(TaskRecord.queued(Task.accept(request, id, HandoffTask.ORIGIN, droppedAt)), false);
  }

  /** Validated as at the epoch: a deadline that passed while the file waited is an expiry, not a bad file. */
  private void check(TaskRequest request) throws BadFile {
    List<FieldError> errors = TaskValidator.check(request, limits, Instant.EPOCH);
    if (!errors.isEmpty()) {
      throw new BadFile(errors.stream().map(e -> (e.field() == null ? "" : e.field() + ": ") + e.message())
          .collect(Collectors.joining("; ")));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
