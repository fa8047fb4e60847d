package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;

/** The demo's tasks: a few of each kind, printed with their timings as they finish. */
final class DemoWorkload {
  private static final int WAIT_SECONDS = 120;
  private static final List<String> TASKS = List.of(
      "{\"kind\":\"generate\",\"prompt\":\"Once upon a time\",\"params\":{\"maxTokens\":48,\"temperature\":0}}",
      "{\"kind\":\"generate\",\"prompt\":\"The little robot\",\"params\":{\"maxTokens\":32,\"temperature\":0.7,\"seed\":7}}",
      "{\"kind\":\"chat\",\"messages\":[{\"role\":\"system\",\"content\":\"You are brief.\"},"
          + "{\"role\":\"user\",\"content\":\"Say hello to the mesh.\"}],\"params\":{\"maxTokens\":32}}",
      "{\"kind\":\"summarize\",\"prompt\":\"The Raspberry Pi scored 40 research items overnight while the "
          + "Mac mini drafted two reports. The old iMac watched the shared folder.\",\"params\":{\"maxTokens\":40}}",
      "{\"kind\":\"classify\",\"prompt\":\"disk /dev/sda1 is 97% full\",\"labels\":[\"ok\",\"warning\",\"critical\"]}",
      "{\"kind\":\"classify\",\"prompt\":\"backup finished in 4 minutes\",\"labels\":[\"ok\",\"warning\",\"critical\"]}",
      "{\"kind\":\"embed\",\"input\":\"a note about the garden\"}",
      "{\"kind\":\"embed\",\"input\":\"log line: connection refused by 10.0.0.7\"}");

  private final DemoClient client;
  private final PrintStream out;

  DemoWorkload(DemoClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  void run() throws Exception {
    out.println();
    out.println("Running " + TASKS.size() + " tasks through POST /v1/tasks ...");
    for (String task : TASKS) {
      print(client.submit(task, WAIT_SECONDS));
    }
  }

  private void print(JsonNode record) {
    if (record.has("error") && !record.has("task")) {
      out.println("  refused: " + record.path("error"));
      return;
    }
    String kind = record.path("task").path("request").path("kind").asText();
    JsonNode result = record.path("result");
    JsonNode timings = result.path("timings");
    out.printf("%n  [%s] %s in %d ms (queued %d ms, prefill %d ms, decode %d ms, %.0f tok/s) on %s%n", kind,
        record.path("state").asText(), timings.path("totalMs").asLong(), timings.path("queuedMs").asLong(),
        timings.path("prefillMs").asLong(), timings.path("decodeMs").asLong(),
        timings.path("decodeTokensPerSecond").asDouble(), result.path("executedBy").asText("?"));
    if (record.has("error")) {
      out.println("    error: " + record.path("error"));
    } else if (result.has("embedding")) {
      out.println("    embedding of dimension " + result.path("embedding").size() + ": "
          + result.path("embedding").toString().substring(0, Math.min(60, result.path("embedding").toString().length())) + " ...");
    } else {
      if (result.has("label")) {
        out.println("    label: " + result.path("label").asText());
      }
      out.println("    text: " + oneLine(result.path("output").asText()));
    }
    if (result.has("note")) {
      out.println("    note: " + result.path("note").asText());
    }
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() > 160 ? flat.substring(0, 160) + " ..." : flat;
  }
}
