package dev.mesh.node.cli;

import dev.mesh.protocol.seal.MeshKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh key new|id}: make a mesh key file, or show a key file's public id. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Mesh key tools.",
    subcommands = {KeyCommand.New.class, KeyCommand.Id.class})
final class KeyCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("usage: mesh key new --out FILE | mesh key id FILE");
  }

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = "Write a random 256-bit mesh key (readable by its owner only); every node of a mesh needs it.")
  static final class New implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

    @Override
    public Integer call() {
      if (Files.exists(out)) {
        System.err.println("mesh key new: " + out + " exists; a key is never overwritten (rotate with"
            + " security.previousKeyFile: see the README)");
        return 2;
      }
      try {
        MeshKey key = MeshKey.generate();
        key.write(out);
        System.out.println("wrote mesh key " + key.id() + " to " + out + " (mode 0600); set security.meshKeyFile: "
            + out.toAbsolutePath() + " on every node");
        return 0;
      } catch (IOException e) {
        System.err.println("mesh key new: cannot write " + out + ": " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "id", mixinStandardHelpOptions = true, description = "Print a key file's public id.")
  static final class Id implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;

    @Override
    public Integer call() {
      try {
        System.out.println(MeshKey.read(file).id());
        return 0;
      } catch (IOException e) {
        System.err.println("mesh key id: " + e.getMessage());
        return 2;
      }
    }
  }
}
