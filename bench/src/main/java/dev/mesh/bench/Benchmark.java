package dev.mesh.bench;

/** One named benchmark: measures its figures and a baseline in the same run, and reports both. */
public interface Benchmark {
  String name();

  /** One line on what is compared with what. */
  String description();

  /** Throws when the benchmark could not run; a poor ratio is a figure, never an exception. */
  void run(BenchEnv env, Report report) throws Exception;
}
