package dev.mesh.protocol.gguf;

import java.util.Locale;
import java.util.Objects;

/**
 * RAM a model needs to run on a CPU under llama.cpp, for admission ("does it fit?") decisions.
 * Modelled on gguf-parser-go's llama.cpp estimate ({@code file_estimate__llamacpp.go})
 * for one sequence, no GPU offload, no flash attention, f16 KV cache:
 * <ul>
 * <li>{@code weightsBytes}: sum of tensor bytes, as gguf-parser (which for GPUs also counts a tied
 *     output matrix twice; on a CPU the mapped weights are shared, so it is counted once here).</li>
 * <li>{@code kvCacheBytes}: 2 (K and V) × layers × ctx × kvHeads × headDim × 2 bytes (f16), ctx
 *     padded to 32 as llama.cpp does — gguf-parser's formula without SWA/recurrent/MLA cases.</li>
 * <li>{@code outputBytes}: gguf-parser's output buffer, (vocab + embedding) × 4 × outputs with
 *     outputs = batch tokens. llama.cpp starts smaller and grows it, so this is an upper bound.</li>
 * <li>{@code computeBytes}: gguf-parser's graph terms at the batch size: inputs (token ids,
 *     positions, embeddings, KQ mask, output ids), the larger of one layer's attention
 *     (norm, Q twice, KQ scores per head, K/V views) and its FFN (norms, gate, up), and the output
 *     layer (norm, logits). Checked against llama.cpp b4916's reported CPU compute buffer: a few
 *     MiB high on small models, never low in the cases tried.</li>
 * <li>{@code footprintBytes}: gguf-parser's fixed costs — 5 MiB loader, the header bytes, vocab
 *     tables (96 bytes a token; BPE merges are left out), graph metadata (400 bytes a node for
 *     max(1024, 8 × tensors) nodes plus its hash table, approximated) and 4 MiB of scheduler.</li>
 * <li>{@code repackedBytes}: weights llama.cpp copies into a repacked layout while their file pages stay mapped
 *     ({@link RepackedWeights}: Q4_0 matrices on x86-64 with AVX2) — the 27 % a Q4_0 model's RSS exceeded an
 *     estimate that counted its weights once; measured with it (bench/run memory-estimate), F16, Q8_0 and Q4_0
 *     alike come within +4 to +8 % of the engine's peak RSS.</li>
 * <li>{@code reserveBytes}: the caller's runtime reserve — engine JVM heap, native library,
 *     thread stacks — which gguf-parser does not model.</li>
 * </ul>
 */
public record MemoryEstimate(long weightsBytes, long kvCacheBytes, long outputBytes, long computeBytes,
               long footprintBytes, long reserveBytes, long totalBytes,
               int contextTokens, int batchTokens, long repackedBytes) {

  /** llama.cpp pads the context to this many tokens when flash attention is off. */
  public static final int CONTEXT_PADDING = 32;
  static final long LOADER_BYTES = 5L << 20;
  static final long SCHEDULER_BYTES = 4L << 20;
  static final long TENSOR_OVERHEAD_BYTES = 32 + 368; // ggml_object + ggml_tensor
  static final long VOCAB_BYTES_PER_TOKEN = 4 + 4 + 32 + 24 + 32; // type, score, id->token, token->id
  private static final double MIB = 1024.0 * 1024.0;

  public MemoryEstimate {
    if (weightsBytes < 0 || kvCacheBytes < 0 || outputBytes < 0 || computeBytes < 0
        || footprintBytes < 0 || reserveBytes < 0 || repackedBytes < 0) {
      throw new IllegalArgumentException("byte counts must be >= 0");
    }
    if (totalBytes != weightsBytes + repackedBytes + kvCacheBytes + outputBytes + computeBytes + footprintBytes
        + reserveBytes) {
      throw new IllegalArgumentException("totalBytes must be the sum of the parts but was " + totalBytes);
    }
  }

  /**
   * The estimate for running {@code shape} with a context of {@code contextTokens}, processing
   * prompts in batches of {@code batchTokens} (llama.cpp's n_ubatch, 512 by default), plus a
   * runtime reserve.
   */
  public static MemoryEstimate of(ModelShape shape, int contextTokens, int batchTokens, long runtimeReserveBytes) {
    return of(shape, contextTokens, batchTokens, runtimeReserveBytes, 0);
  }

  /** The same, with {@code repackedBytes} of weights held twice ({@link RepackedWeights}). */
  public static MemoryEstimate of(ModelShape shape, int contextTokens, int batchTokens, long runtimeReserveBytes,
      long repackedBytes) {
    Objects.requireNonNull(shape, "shape");
    if (contextTokens <= 0) {
      throw new IllegalArgumentException("contextTokens must be > 0 but was " + contextTokens);
    }
    if (batchTokens <= 0) {
      throw new IllegalArgumentException("batchTokens must be > 0 but was " + batchTokens);
    }
    if (runtimeReserveBytes < 0) {
      throw new IllegalArgumentException("runtimeReserveBytes must be >= 0 but was " + runtimeReserveBytes);
    }
    long ctx = GgufReader.align(contextTokens, CONTEXT_PADDING);
    long tokens = Math.min(ctx, batchTokens);
    long kv = 2L * shape.blockCount() * ctx * shape.kvEmbedding() * 2;
    long output = (shape.vocabSize() + (long) shape.embeddingLength()) * 4 * tokens;
    long compute = inputs(shape, ctx, tokens) + Math.max(attention(shape, ctx, tokens), ffn(shape, tokens))
        + outputLayer(shape, tokens);
    long footprint = footprint(shape);
    long total = shape.weightsBytes() + repackedBytes + kv + output + compute + footprint + runtimeReserveBytes;
    return new MemoryEstimate(shape.weightsBytes(), kv, output, compute, footprint, runtimeReserveBytes, total,
        (int) ctx, (int) tokens, repackedBytes);
  }

  /** gguf-parser's Computation.Input: token ids, embeddings, positions, KQ mask, output ids. */
  private static long inputs(ModelShape s, long ctx, long tokens) {
    return 4 * tokens + 4L * s.embeddingLength() * tokens + 4 * tokens + 4 * ctx * tokens + 4 * tokens;
  }

  /** One layer's attention without flash attention: norm, Q (twice), KQ scores per head, f16 K/V views. */
  private static long attention(ModelShape s, long ctx, long tokens) {
    long norm = 4L * s.embeddingLength() * tokens;
    long q = 2 * 4L * s.headDim() * s.headCount() * tokens;
    long kq = 4L * ctx * tokens * s.headCount();
    long kvViews = 2 * 2L * s.kvEmbedding() * ctx;
    return norm + q + kq + kvViews;
  }

  /** One layer's FFN activations: attn_norm, ffn_norm, gate and up rows for each batch token. */
  private static long ffn(ModelShape s, long tokens) {
    return 4 * tokens * (2L * s.embeddingLength() + 2L * s.feedForwardLength());
  }

  private static long outputLayer(ModelShape s, long tokens) {
    return 4 * tokens * ((long) s.embeddingLength() + s.vocabSize());
  }

  private static long footprint(ModelShape s) {
    long nodes = Math.max(1024, 8L * s.tensorCount());
    long graph = TENSOR_OVERHEAD_BYTES * nodes + 32 + 80 + 16 * nodes + 8 * (2 * nodes + 1);
    long contexts = 2 * TENSOR_OVERHEAD_BYTES * (s.tensorCount() + 1 + 3L * s.blockCount());
    return LOADER_BYTES + s.headerBytes() + VOCAB_BYTES_PER_TOKEN * s.vocabSize() + graph + SCHEDULER_BYTES + contexts;
  }

  /** One line, e.g. "total 52.3 MiB = weights 3.3 + KV 4.0 + output 0.5 + compute 10.2 + overhead 9.8 + reserve 24.0 MiB (ctx 2048, batch 512)". */
  public String describe() {
    return String.format(Locale.ROOT,
        "total %.1f MiB = weights %.1f%s + KV %.1f + output %.1f + compute %.1f + overhead %.1f + reserve %.1f MiB (ctx %d, batch %d)",
        totalBytes / MIB, weightsBytes / MIB,
        repackedBytes == 0 ? "" : String.format(Locale.ROOT, " + repacked %.1f", repackedBytes / MIB), kvCacheBytes / MIB, outputBytes / MIB, computeBytes / MIB,
        footprintBytes / MIB, reserveBytes / MIB, contextTokens, batchTokens);
  }
}
