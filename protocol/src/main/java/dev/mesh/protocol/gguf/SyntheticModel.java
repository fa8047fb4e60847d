package dev.mesh.protocol.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A llama-architecture GGUF with seeded random weights and a byte-level SentencePiece vocabulary:
 * real inference on a machine that has no model, producing nonsense (and labelled so by
 * {@code mesh.synthetic = true}). Embedding channel 0 carries a constant that the output layer
 * reads as "printable ASCII or not", so what it generates is readable nonsense, never control
 * tokens or broken UTF-8.
 */
public final class SyntheticModel {

  public static final String SYNTHETIC_KEY = "mesh.synthetic";
  public static final int VOCAB_SIZE = 3 + 256;
  public static final int UNK_ID = 0;
  public static final int BOS_ID = 1;
  public static final int EOS_ID = 2;
  /** Standard deviation of the random weights. */
  public static final double WEIGHT_STD = 0.02;
  static final float PRINTABLE_BIAS = 0.5f;
  private static final Set<GgmlType> QUANTS = Set.of(GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0);
  private static final int TOKEN_TYPE_UNKNOWN = 2;
  private static final int TOKEN_TYPE_CONTROL = 3;
  private static final int TOKEN_TYPE_BYTE = 6;

  /**
   * What to build. {@code quant} applies to the matrices (norms are always F32): F32, F16, Q8_0
   * or Q4_0; quantized models need dim and ffDim to be multiples of 32.
   */
  public record Spec(int layers, int dim, int ffDim, int heads, int kvHeads, int ctx, GgmlType quant, long seed) {

    public Spec {
      range("layers", layers, 1, 1024);
      range("dim", dim, 2, 65536);
      range("ffDim", ffDim, 1, 262144);
      range("heads", heads, 1, dim);
      range("kvHeads", kvHeads, 1, heads);
      range("ctx", ctx, 1, 1 << 24);
      if (quant == null || !QUANTS.contains(quant)) {
        throw new IllegalArgumentException("quant must be one of F32, F16, Q8_0, Q4_0 but was " + quant);
      }
      if (dim % heads != 0 || (dim / heads) % 2 != 0) {
        throw new IllegalArgumentException("dim must be a multiple of 2 * heads (even head size) but was dim "
            + dim + ", heads " + heads);
      }
      if (heads % kvHeads != 0) {
        throw new IllegalArgumentException("heads must be a multiple of kvHeads but was heads " + heads + ", kvHeads " + kvHeads);
      }
      if (quant.quantized() && (dim % Quant.BLOCK != 0 || ffDim % Quant.BLOCK != 0)) {
        throw new IllegalArgumentException("dim and ffDim must be multiples of 32 for " + quant
            + " but were " + dim + " and " + ffDim);
      }
    }

    /** 4 layers, dim 128, ff 352, 4 heads, 4 KV heads, ctx 2048, F32, seed 42 (~3.5 MB). */
    public static Spec defaults() {
      return new Spec(4, 128, 352, 4, 4, 2048, GgmlType.F32, 42);
    }

    public Spec withQuant(GgmlType q) {
      return new Spec(layers, dim, ffDim, heads, kvHeads, ctx, q, seed);
    }

    public Spec withSeed(long s) {
      return new Spec(layers, dim, ffDim, heads, kvHeads, ctx, quant, s);
    }

    public Spec withSize(int newLayers, int newDim, int newFfDim) {
      return new Spec(newLayers, newDim, newFfDim, heads, kvHeads, ctx, quant, seed);
    }

    public Spec withCtx(int newCtx) {
      return new Spec(layers, dim, ffDim, heads, kvHeads, newCtx, quant, seed);
    }

    public int headDim() {
      return dim / heads;
    }

    /** The model's general.name, e.g. "mesh-synthetic-4x128-f32". */
    public String name() {
      return "mesh-synthetic-" + layers + "x" + dim + "-" + quant.name().toLowerCase(Locale.ROOT);
    }

    private static void range(String field, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "] but was " + v);
      }
    }
  }

  private SyntheticModel() {
  }

  /** Writes the model to {@code target} (atomically) and returns its header as read back. */
  public static GgufFile write(Spec spec, Path target) throws IOException {
    return write(spec, target, UnaryOperator.identity());
  }

  /**
   * Writes the model with more metadata (a chat template, a pooling type, ...): test fixtures for what real
   * models declare, on weights that cost nothing to make.
   */
  public static GgufFile write(Spec spec, Path target, UnaryOperator<GgufWriter> metadata) throws IOException {
    GgufWriter writer = metadata.apply(layout(spec));
    List<GgufTensor> tensors = writer.tensors();
    writer.write(target, (tensor, out) -> writeTensor(spec, tensors.indexOf(tensor), tensor, out));
    return GgufReader.read(target);
  }

  /** Metadata and tensor infos of the model, before any data is written. */
  static GgufWriter layout(Spec spec) {
    GgufWriter w = GgufWriter.create()
        .putString("general.architecture", "llama")
        .putString("general.name", spec.name())
        .putUInt32("general.file_type", FileTypeLabel.idOf(spec.quant()))
        .putUInt32("general.alignment", GgufWriter.ALIGNMENT)
        .putBool(SYNTHETIC_KEY, true)
        .putUInt32("llama.context_length", spec.ctx())
        .putUInt32("llama.embedding_length", spec.dim())
        .putUInt32("llama.block_count", spec.layers())
        .putUInt32("llama.feed_forward_length", spec.ffDim())
        .putUInt32("llama.attention.head_count", spec.heads())
        .putUInt32("llama.attention.head_count_kv", spec.kvHeads())
        .putUInt32("llama.rope.dimension_count", spec.headDim())
        .putFloat32("llama.rope.freq_base", 10000f)
        .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
        .putUInt32("llama.vocab_size", VOCAB_SIZE);
    putVocabulary(w);
    addTensors(w, spec);
    return w;
  }

  private static void putVocabulary(GgufWriter w) {
    List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
    List<Integer> types = new ArrayList<>(List.of(TOKEN_TYPE_UNKNOWN, TOKEN_TYPE_CONTROL, TOKEN_TYPE_CONTROL));
    for (int b = 0; b < 256; b++) {
      tokens.add(String.format("<0x%02X>", b));
      types.add(TOKEN_TYPE_BYTE);
    }
    w.putString("tokenizer.ggml.model", "llama")
        .putArray("tokenizer.ggml.tokens", GgufValueType.STRING, tokens)
        .putArray("tokenizer.ggml.scores", GgufValueType.FLOAT32, Collections.nCopies(VOCAB_SIZE, 0f))
        .putArray("tokenizer.ggml.token_type", GgufValueType.INT32, types)
        .putUInt32("tokenizer.ggml.unknown_token_id", UNK_ID)
        .putUInt32("tokenizer.ggml.bos_token_id", BOS_ID)
        .putUInt32("tokenizer.ggml.eos_token_id", EOS_ID)
        .putBool("tokenizer.ggml.add_bos_token", true)
        .putBool("tokenizer.ggml.add_eos_token", false);
  }

  /** Tensor names and shapes as llama.cpp's llama loader expects them (ggml order: ne0 first). */
  private static void addTensors(GgufWriter w, Spec s) {
    GgmlType q = s.quant();
    long kv = (long) s.headDim() * s.kvHeads();
    w.addTensor("token_embd.weight", q, s.dim(), VOCAB_SIZE);
    w.addTensor("output_norm.weight", GgmlType.F32, s.dim());
    w.addTensor("output.weight", q, s.dim(), VOCAB_SIZE);
    for (int i = 0; i < s.layers(); i++) {
      String p = "blk." + i + ".";
      w.addTensor(p + "attn_norm.weight", GgmlType.F32, s.dim());
      w.addTensor(p + "attn_q.weight", q, s.dim(), s.dim());
      w.addTensor(p + "attn_k.weight", q, s.dim(), kv);
      w.addTensor(p + "attn_v.weight", q, s.dim(), kv);
      w.addTensor(p + "attn_output.weight", q, s.dim(), s.dim());
      w.addTensor(p + "ffn_norm.weight", GgmlType.F32, s.dim());
      w.addTensor(p + "ffn_gate.weight", q, s.dim(), s.ffDim());
      w.addTensor(p + "ffn_down.weight", q, s.ffDim(), s.dim());
      w.addTensor(p + "ffn_up.weight", q, s.dim(), s.ffDim());
    }
  }

  /** Streams one tensor row by row: norms are 1, matrices N(0, WEIGHT_STD) from a per-tensor seed. */
  private static void writeTensor(Spec spec, int index, GgufTensor t, OutputStream out) throws IOException {
    Random random = new Random(mix(spec.seed(), index));
    int rowLength = (int) (long) t.dims().get(0);
    long rows = t.elementCount() / rowLength;
    float[] row = new float[rowLength];
    boolean norm = t.dims().size() == 1;
    for (long r = 0; r < rows; r++) {
      for (int i = 0; i < rowLength; i++) {
        row[i] = norm ? 1f : (float) (random.nextGaussian() * WEIGHT_STD);
      }
      shapeChannelZero(t.name(), (int) r, row);
      out.write(Quant.encodeRow(t.type(), row));
    }
  }

  /** Every token embeds 1 on channel 0; the output layer maps channel 0 to +bias for printable bytes, -bias otherwise. */
  private static void shapeChannelZero(String tensor, int token, float[] row) {
    if (tensor.equals("token_embd.weight")) {
      row[0] = 1f;
    } else if (tensor.equals("output.weight")) {
      int b = token - 3;
      row[0] = b >= 0x20 && b <= 0x7E ? PRINTABLE_BIAS : -PRINTABLE_BIAS;
    }
  }

  /** SplitMix64 finalizer, so neighbouring seeds and tensor indices give unrelated streams. */
  private static long mix(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
