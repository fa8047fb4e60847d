package dev.mesh.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh status}, {@code mesh drain NODE}, {@code mesh undrain NODE}: the operator's view and switches. */
final class OperatorCommands {
  private OperatorCommands() {}

  /** Where the node is and the key it wants: shared by every operator command. */
  static class Target {
    @Option(names = "--url", paramLabel = "URL", description = "a node of the mesh (default: ${DEFAULT-VALUE})",
        defaultValue = NodeApi.DEFAULT_URL)
    String url;

    @Option(names = "--key", paramLabel = "KEY", description = "API key (default: $MESH_API_KEY)")
    String key;

    NodeApi api() {
      return new NodeApi(url, key);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show every node of the mesh: state, models and measured speed, memory, load, watts.")
  static final class Status extends Target implements Callable<Integer> {
    @Option(names = "--json", description = "print /cluster/status as it came")
    boolean json;

    @Override
    public Integer call() {
      try {
        var status = api().get("/cluster/status");
        System.out.print(json ? status.toPrettyString() + "\n" : StatusTable.render(status));
        return 0;
      } catch (Exception e) {
        System.err.println("mesh status: " + e.getMessage());
        return 1;
      }
    }
  }

  /** Drain or undrain one node, asked of whichever node --url names. */
  abstract static class Switch extends Target implements Callable<Integer> {
    @Parameters(paramLabel = "NODE", description = "the node's name")
    String node;

    abstract String action();

    @Override
    public Integer call() {
      return change(action(), node, api());
    }
  }

  @Command(name = "drain", mixinStandardHelpOptions = true,
      description = "Let NODE finish what it holds and take no new tasks (it stays drained across restarts).")
  static final class Drain extends Switch {
    @Override
    String action() {
      return "drain";
    }
  }

  @Command(name = "undrain", mixinStandardHelpOptions = true, description = "Let NODE take tasks again.")
  static final class Undrain extends Switch {
    @Override
    String action() {
      return "undrain";
    }
  }

  private static int change(String action, String node, NodeApi api) {
    try {
      var state = api.post("/cluster/nodes/" + node + "/" + action, "{}");
      System.out.println(state.path("node").asText() + ": " + state.path("state").asText()
          + (state.hasNonNull("stateReason") ? " (" + state.path("stateReason").asText() + ")" : ""));
      return 0;
    } catch (Exception e) {
      System.err.println("mesh " + action + ": " + e.getMessage());
      return 1;
    }
  }
}
