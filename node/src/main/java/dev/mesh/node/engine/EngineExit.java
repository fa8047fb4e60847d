package dev.mesh.node.engine;

import java.util.Locale;
import java.util.Map;

/**
 * How an engine process ended.
 *
 * @param exitCode   the process exit code; Java reports death by signal N as 128 + N
 * @param signal     the signal that ended it, 0 if none; taken from the JVM's fatal error report when there is one
 *                   (a native SIGILL or SIGSEGV makes the JVM abort, so its exit code alone says SIGABRT)
 * @param signalName e.g. {@code SIGKILL}; empty if no signal
 * @param activity   what the engine was doing: loading, generating, embedding, ..., idle
 * @param requested  true when the owner asked it to stop (close), so it is not a crash
 */
public record EngineExit(long pid, int exitCode, int signal, String signalName, boolean reportedByJvm,
             String activity, boolean requested) {

  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
      .startsWith("windows");
  private static final boolean MAC = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
      .startsWith("mac");
  private static final int JVM_ABORT_EXIT_CODE = 128 + 6;
  private static final Map<Integer, String> SIGNALS = Map.ofEntries(
      Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"),
      Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"), Map.entry(7, MAC ? "SIGEMT" : "SIGBUS"),
      Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(10, MAC ? "SIGBUS" : "SIGUSR1"),
      Map.entry(11, "SIGSEGV"), Map.entry(12, MAC ? "SIGSYS" : "SIGUSR2"), Map.entry(13, "SIGPIPE"),
      Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"));

  /**
   * Reads the signal from the exit code (128 + N on Unix). When the JVM aborted (SIGABRT) after reporting a
   * fatal signal, that signal is the cause; a fatal report with another exit code came later (e.g. a segfault
   * while shutting down after SIGTERM), so the exit code's signal stays the cause.
   */
  static EngineExit of(long pid, int exitCode, String jvmFatalSignal, int jvmFatalNumber, String activity,
             boolean requested) {
    if (jvmFatalSignal != null && exitCode == JVM_ABORT_EXIT_CODE) {
      return new EngineExit(pid, exitCode, jvmFatalNumber, jvmFatalSignal, true, activity, requested);
    }
    int signal = !WINDOWS && exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;
    return new EngineExit(pid, exitCode, signal, signalName(signal), false, activity, requested);
  }

  static String signalName(int signal) {
    return signal == 0 ? "" : SIGNALS.getOrDefault(signal, "SIG" + signal);
  }

  EngineExit during(String otherActivity) {
    return new EngineExit(pid, exitCode, signal, signalName, reportedByJvm, otherActivity, requested);
  }

  /** e.g. "engine process 12345 died: killed by signal 9 (SIGKILL) while generating". */
  public String describe() {
    if (requested) {
      return "engine process " + pid + " stopped on request (exit code " + exitCode + ")";
    }
    return "engine process " + pid + " died: " + cause() + " while " + activity;
  }

  private String cause() {
    if (reportedByJvm) {
      return "fatal signal " + signal + " (" + signalName + ") in native code, JVM exit code " + exitCode;
    }
    if (signal != 0) {
      return "killed by signal " + signal + " (" + signalName + ")";
    }
    return "exited with code " + exitCode;
  }
}
