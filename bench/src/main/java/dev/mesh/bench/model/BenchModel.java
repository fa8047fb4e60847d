package dev.mesh.bench.model;

import java.nio.file.Path;

/** A GGUF a benchmark runs, with a label for the table and a note when it is not what was asked for. */
public record BenchModel(String label, Path path, boolean synthetic, String note) {}
