package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The engine process: loads one model with java-llama.cpp and serves requests read as JSON lines from stdin,
 * replying on stdout (see {@link Wire}). Runs in its own JVM so a native crash takes only this process.
 * Started by {@link EngineProcess}; takes no arguments, the model comes with the first {@code load} request.
 */
public final class EngineMain {
  private final Replies replies;
  private final EngineOps ops;

  private EngineMain(Replies replies) {
    this.replies = replies;
    this.ops = new EngineOps(replies);
  }

  public static void main(String[] args) throws IOException {
    // Keep the real stdout for the protocol; anything else printed by Java (the native loader's
    // "Extracted ..." line, say) goes to stderr, which the node writes to engine.log.
    FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    EngineMain engine = new EngineMain(new Replies(protocol));
    engine.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    engine.exit(); // stdin closed: the node is gone, so is its engine
  }

  /** exit() rather than return: llama.cpp's non-daemon thread would keep the JVM alive. */
  private void exit() {
    ops.stop();
    System.exit(0);
  }

  private void serve(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.isBlank()) {
        accept(line);
      }
    }
  }

  /** Cancel and shutdown act at once on this thread; everything else queues for the single worker. */
  private void accept(String line) {
    JsonNode request;
    try {
      request = Wire.decode(line);
    } catch (IllegalArgumentException e) {
      replies.send(Wire.error(0, "bad_request", e.getMessage()));
      return;
    }
    long id = request.path("id").asLong(0);
    switch (request.path("op").asText("")) {
      case "cancel" -> ops.cancel(request.path("target").asLong());
      case "shutdown" -> {
        replies.send(Wire.message(id, "bye"));
        exit();
      }
      default -> ops.submit(id, request);
    }
  }
}
