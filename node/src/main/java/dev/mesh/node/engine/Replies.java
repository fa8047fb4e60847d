package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The child's side of the protocol: writes one marked line per reply, whole, from any thread. */
final class Replies {
  private final OutputStream out;

  Replies(OutputStream out) {
    this.out = out;
  }

  synchronized void send(JsonNode reply) {
    byte[] line = (Wire.MARKER + Wire.encode(reply) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      out.write(line); // one write call, so stray native output can't land inside the line
      out.flush();
    } catch (IOException e) {
      // nobody is reading: the node died or closed the pipe; an orphaned engine must not linger
      System.err.println("engine: stdout closed (" + e.getMessage() + "), exiting");
      System.exit(0);
    }
  }
}
