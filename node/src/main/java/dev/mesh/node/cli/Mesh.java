package dev.mesh.node.cli;

import dev.mesh.node.MeshVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mesh} command: runs a node, the offline demo, model tools, and the operator's status and drain. */
@Command(
    name = "mesh",
    mixinStandardHelpOptions = true,
    versionProvider = MeshVersion.class,
    description = "A Java agent mesh for the computers you already own.",
    subcommands = {NodeCommand.class, DemoCommand.class, ModelCommand.class, KeyCommand.class, OperatorCommands.Status.class,
        SubmitCommand.class, OperatorCommands.Drain.class, OperatorCommands.Undrain.class,
        CommandLine.HelpCommand.class})
public final class Mesh implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // before Hazelcast's first class loads, so even its start-up notices go through our logging
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Mesh()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
