package dev.mesh.node.cli;

import dev.mesh.protocol.gguf.GgmlType;
import dev.mesh.protocol.gguf.GgufException;
import dev.mesh.protocol.gguf.GgufFile;
import dev.mesh.protocol.gguf.GgufReader;
import dev.mesh.protocol.gguf.MemoryEstimate;
import dev.mesh.protocol.gguf.ModelShape;
import dev.mesh.protocol.gguf.SyntheticModel;
import dev.mesh.node.inference.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mesh model synth|inspect}: write a synthetic GGUF, or read a GGUF's header and memory estimate. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model tools.",
    subcommands = {ModelCommand.Synth.class, ModelCommand.Inspect.class})
final class ModelCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("usage: mesh model synth --out FILE [options] | mesh model inspect FILE");
  }

  @Command(name = "synth", mixinStandardHelpOptions = true,
      description = "Write a llama GGUF with random weights and a byte vocabulary (its output is nonsense).")
  static final class Synth implements Callable<Integer> {
    private static final SyntheticModel.Spec D = SyntheticModel.Spec.defaults();

    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;
    @Option(names = "--layers") int layers = D.layers();
    @Option(names = "--dim", description = "embedding width") int dim = D.dim();
    @Option(names = "--ff", description = "feed-forward width") int ff = D.ffDim();
    @Option(names = "--heads") int heads = D.heads();
    @Option(names = "--kv-heads") int kvHeads = D.kvHeads();
    @Option(names = "--ctx", description = "context length") int ctx = D.ctx();
    @Option(names = "--quant", description = "F32, F16, Q8_0 or Q4_0") String quant = D.quant().name();
    @Option(names = "--seed") long seed = D.seed();

    @Override
    public Integer call() throws Exception {
      SyntheticModel.Spec spec;
      try {
        spec = new SyntheticModel.Spec(layers, dim, ff, heads, kvHeads, ctx, GgmlType.valueOf(quant.toUpperCase()),
            seed);
      } catch (IllegalArgumentException e) {
        System.err.println("mesh model synth: " + e.getMessage());
        return 2;
      }
      SyntheticModel.write(spec, out);
      System.out.println("wrote " + out + " (" + Files.size(out) + " bytes): " + spec.name());
      return 0;
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = "Print a GGUF's shape and the RAM it needs at a context size.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;
    @Option(names = "--ctx", description = "context tokens (default: the model's)") Integer ctx;
    @Option(names = "--batch", description = "batch tokens") int batch = 512;

    @Override
    public Integer call() {
      try {
        GgufFile gguf = GgufReader.read(file);
        ModelShape shape = ModelShape.of(gguf);
        int context = ctx != null ? ctx : shape.contextLength();
        MemoryEstimate estimate = MemoryEstimate.of(shape, context, Math.min(batch, context),
            ModelFiles.ENGINE_RUNTIME_RESERVE_BYTES, ModelFiles.repackedBytes(gguf));
        System.out.println(shape);
        System.out.println("at " + context + " tokens of context: " + estimate.describe());
        return 0;
      } catch (GgufException e) {
        System.err.println("mesh model inspect: " + e.getMessage());
        return 2;
      }
    }
  }
}
