/**
 * GGUF model files without loading their weights: a bounded header reader ({@link
 * dev.mesh.protocol.gguf.GgufReader}), the model shape and memory estimate the router admits
 * tasks by ({@link dev.mesh.protocol.gguf.ModelShape}, {@link dev.mesh.protocol.gguf.MemoryEstimate}),
 * and a streaming writer for the synthetic llama model the offline demo runs on ({@link
 * dev.mesh.protocol.gguf.SyntheticModel}).
 */
package dev.mesh.protocol.gguf;
