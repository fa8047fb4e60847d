package dev.mesh.protocol.gguf;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the mesh needs to know about a model, read from its GGUF header: transformer
 * hyper-parameters, vocabulary, quantization and the bytes its weights take.
 *
 * @param headDim      dimension of one attention head's keys ({@code attention.key_length}, else
 *                     embedding / heads)
 * @param quantization {@code general.file_type}'s name (e.g. "Q4_K_M"), else the type holding the
 *                     most matrix elements (e.g. "F32")
 * @param bosTokenId   -1 when the file names none; likewise {@code eosTokenId}
 * @param headerBytes  bytes before the data section (metadata and tensor infos)
 * @param synthetic    true for a model written by {@link SyntheticModel}: its output is nonsense
 */
public record ModelShape(String architecture, String name, int blockCount, int embeddingLength,
             int feedForwardLength, int headCount, int headCountKv, int headDim,
             int contextLength, int vocabSize, String quantization, long parameterCount,
             long weightsBytes, int bosTokenId, int eosTokenId, int tensorCount,
             long headerBytes, boolean synthetic) {

  public ModelShape {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(quantization, "quantization");
    positive("blockCount", blockCount);
    positive("embeddingLength", embeddingLength);
    positive("feedForwardLength", feedForwardLength);
    positive("headCount", headCount);
    positive("headCountKv", headCountKv);
    positive("headDim", headDim);
    positive("contextLength", contextLength);
    positive("vocabSize", vocabSize);
    if (parameterCount < 0 || weightsBytes < 0 || tensorCount < 0 || headerBytes < 0) {
      throw new IllegalArgumentException("parameterCount, weightsBytes, tensorCount and headerBytes must be >= 0");
    }
  }

  /** Reads the shape from a header; a GgufException names the first required key that is missing or wrong. */
  public static ModelShape of(GgufFile file) {
    String arch = file.requireString("general.architecture");
    int heads = intOrMax(file, arch + ".attention.head_count", true, 0);
    int embd = positiveInt(file, arch + ".embedding_length", file.requireInteger(arch + ".embedding_length"));
    long headDim = file.integer(arch + ".attention.key_length").orElse(embd / heads);
    return new ModelShape(arch,
        file.string("general.name").orElse(baseName(file)),
        positiveInt(file, arch + ".block_count", file.requireInteger(arch + ".block_count")),
        embd,
        intOrMax(file, arch + ".feed_forward_length", true, 0),
        heads,
        intOrMax(file, arch + ".attention.head_count_kv", false, heads),
        positiveInt(file, arch + ".attention.key_length", headDim),
        positiveInt(file, arch + ".context_length", file.requireInteger(arch + ".context_length")),
        vocabSize(file, arch),
        quantization(file),
        file.parameterCount(),
        file.weightsBytes(),
        tokenId(file, "tokenizer.ggml.bos_token_id"),
        tokenId(file, "tokenizer.ggml.eos_token_id"),
        file.tensors().size(),
        file.dataOffset(),
        file.bool("mesh.synthetic").orElse(false));
  }

  /** Elements per attention K (and V) row over all KV heads: headDim × headCountKv. */
  public long kvEmbedding() {
    return (long) headDim * headCountKv;
  }

  private static int vocabSize(GgufFile file, String arch) {
    if (file.array("tokenizer.ggml.tokens").isPresent()) {
      return positiveInt(file, "tokenizer.ggml.tokens", file.array("tokenizer.ggml.tokens").get().length());
    }
    long n = file.integer(arch + ".vocab_size").orElseThrow(() -> file.missing("tokenizer.ggml.tokens"));
    return positiveInt(file, arch + ".vocab_size", n);
  }

  /** A scalar, or the largest entry of a per-layer array (as some architectures store it). */
  private static int intOrMax(GgufFile file, String key, boolean required, int fallback) {
    if (file.value(key).orElse(null) instanceof GgufArray a) {
      long max = a.values().stream().filter(Long.class::isInstance).mapToLong(v -> (Long) v).max()
          .orElseThrow(() -> new GgufException(file.path(), "metadata key '" + key + "' is an empty or non-integer array"));
      return positiveInt(file, key, max);
    }
    if (required) {
      return positiveInt(file, key, file.requireInteger(key));
    }
    return positiveInt(file, key, file.integer(key).orElse(fallback));
  }

  private static int positiveInt(GgufFile file, String key, long v) {
    if (v <= 0 || v > Integer.MAX_VALUE) {
      throw new GgufException(file.path(), "metadata key '" + key + "' is " + v + ", expected a positive int");
    }
    return (int) v;
  }

  private static int tokenId(GgufFile file, String key) {
    long id = file.integer(key).orElse(-1);
    return id >= 0 && id <= Integer.MAX_VALUE ? (int) id : -1;
  }

  private static String quantization(GgufFile file) {
    return FileTypeLabel.of(file.integer("general.file_type").orElse(-1)).orElseGet(() -> dominantType(file));
  }

  /** The type holding the most elements of the matrices (1-d norms and biases are F32 in every file). */
  private static String dominantType(GgufFile file) {
    Map<GgmlType, Long> elements = new EnumMap<>(GgmlType.class);
    boolean anyMatrix = file.tensors().stream().anyMatch(t -> t.dims().size() > 1);
    file.tensors().stream().filter(t -> !anyMatrix || t.dims().size() > 1)
        .forEach(t -> elements.merge(t.type(), t.elementCount(), Long::sum));
    return elements.entrySet().stream().max(Map.Entry.comparingByValue())
        .map(e -> e.getKey().name()).orElse("unknown");
  }

  private static String baseName(GgufFile file) {
    String n = String.valueOf(file.path().getFileName());
    return n.endsWith(".gguf") ? n.substring(0, n.length() - 5) : n;
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0 but was " + value);
    }
  }
}
