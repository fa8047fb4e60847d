package dev.mesh.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.protocol.json.MeshJson;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mesh submit [--kind K] TEXT...}: sends a task to a node and follows it live from its event stream —
 * each step of its route with the reason, the text as it is generated, then how it ended.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Send a task and follow it: its route step by step, its text as it comes, its result.")
final class SubmitCommand extends OperatorCommands.Target implements Callable<Integer> {
  @Option(names = "--kind", defaultValue = "generate",
      description = "generate, chat, summarize, classify or embed (default: ${DEFAULT-VALUE})")
  String kind;

  @Option(names = "--model", description = "a model id of the mesh (default: the router picks)")
  String model;

  @Option(names = "--max-tokens", description = "at most this many tokens")
  Integer maxTokens;

  @Option(names = "--labels", split = ",", description = "for classify: the labels, comma-separated")
  List<String> labels;

  @Parameters(paramLabel = "TEXT", arity = "1..*", description = "the prompt (or the text to embed)")
  List<String> words;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    try {
      NodeApi api = api();
      JsonNode accepted = api.post("/v1/tasks", MeshJson.mapper().writeValueAsString(request()));
      String id = accepted.path("id").asText();
      out.println("task " + id + " accepted by " + accepted.path("task").path("origin").asText());
      JsonNode[] done = {null};
      boolean[] inText = {false};
      api.events("/v1/tasks/" + id + "/events", (event, data) -> {
        if ("tokens".equals(event)) {
          out.print(inText[0] ? "" : "  text: ");
          out.print(data.path("text").asText());
          out.flush();
          inText[0] = true;
          return true;
        }
        if (inText[0]) {
          out.println();
          inText[0] = false;
        }
        if ("done".equals(event)) {
          done[0] = data;
          return false;
        }
        if (!"accepted".equals(event)) {
          out.println("  " + event + " on " + data.path("node").asText()
              + (data.hasNonNull("reason") ? ": " + data.path("reason").asText() : ""));
        }
        return true;
      });
      return ended(done[0], out);
    } catch (Exception e) {
      System.err.println("mesh submit: " + e.getMessage());
      return 1;
    }
  }

  private ObjectNode request() {
    String text = String.join(" ", words);
    ObjectNode r = MeshJson.mapper().createObjectNode().put("kind", kind.toLowerCase(Locale.ROOT));
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "chat" -> r.putArray("messages").addObject().put("role", "user").put("content", text);
      case "embed" -> r.put("input", text);
      default -> r.put("prompt", text);
    }
    if (labels != null) {
      labels.forEach(r.putArray("labels")::add);
    }
    if (model != null) {
      r.put("model", model);
    }
    if (maxTokens != null) {
      r.putObject("params").put("maxTokens", maxTokens);
    }
    return r;
  }

  private static int ended(JsonNode record, PrintStream out) {
    if (record == null) {
      System.err.println("mesh submit: the event stream ended before the task did");
      return 1;
    }
    String state = record.path("state").asText();
    JsonNode result = record.path("result");
    if (!"succeeded".equals(state)) {
      out.println(state + ": " + record.path("error").path("message").asText());
      return 1;
    }
    JsonNode usage = result.path("usage");
    out.println("succeeded on " + result.path("executedBy").asText() + " (" + result.path("model").asText() + "), "
        + result.path("timings").path("totalMs").asLong() + " ms, " + usage.path("promptTokens").asInt()
        + " prompt + " + usage.path("completionTokens").asInt() + " generated tokens");
    if (result.hasNonNull("label")) {
      out.println("label: " + result.path("label").asText());
    } else if (result.path("embedding").isArray()) {
      out.println("embedding: " + result.path("embedding").size() + " numbers");
    } else {
      out.println(result.path("output").asText());
    }
    return 0;
  }
}
