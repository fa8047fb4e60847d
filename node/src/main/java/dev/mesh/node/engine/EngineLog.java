package dev.mesh.node.engine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own output (stderr, and stray stdout lines) kept in workDir/engine.log and sent to SLF4J at
 * debug. Watches for the JVM's fatal error header ("#  SIGILL (0x4) at pc=...") to name a native crash.
 */
final class EngineLog implements AutoCloseable {
  static final String FILE_NAME = "engine.log";
  private static final long ROTATE_BYTES = 10L * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(EngineLog.class);
  private static final Pattern FATAL = Pattern.compile("#\\s+(SIG[A-Z0-9]+) \\(0x([0-9a-fA-F]+)\\)");

  /** The crash report's summary is in its first lines; no need to read a multi-MB report to find it. */
  private static final int CRASH_REPORT_HEAD_LINES = 40;

  private final Path workDir;
  private final BufferedWriter file;
  private long pid;
  private volatile String fatalSignal;
  private volatile int fatalNumber;

  private EngineLog(Path workDir, BufferedWriter file) {
    this.workDir = workDir;
    this.file = file;
  }

  static EngineLog open(Path workDir) throws IOException {
    Path path = workDir.resolve(FILE_NAME);
    if (Files.exists(path) && Files.size(path) > ROTATE_BYTES) {
      Files.move(path, workDir.resolve(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }
    return new EngineLog(workDir, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND));
  }

  synchronized void started(long pid, String command) {
    this.pid = pid;
    write("---- " + Instant.now() + " engine process " + pid + ": " + command);
  }

  void line(String line) {
    noteFatalSignal(line);
    LOG.debug("[engine {}] {}", pid, line);
    write(line);
  }

  /**
   * The JVM prints its fatal-signal summary on the engine's stdout, but not always where we can read it
   * (seen about once in 25 SIGILLs); the crash report file ({@code -XX:ErrorFile}) always has it.
   */
  void readCrashReport(long enginePid) {
    Path report = workDir.resolve("hs_err_pid" + enginePid + ".log");
    if (fatalSignal != null || !Files.isRegularFile(report)) {
      return;
    }
    try (var lines = Files.lines(report, StandardCharsets.ISO_8859_1)) {
      lines.limit(CRASH_REPORT_HEAD_LINES).forEach(this::noteFatalSignal);
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.debug("cannot read crash report {}: {}", report, e.toString());
    }
  }

  private void noteFatalSignal(String line) {
    Matcher fatal = FATAL.matcher(line);
    if (fatal.find() && fatalSignal == null) {
      fatalNumber = Integer.parseInt(fatal.group(2), 16);
      fatalSignal = fatal.group(1);
    }
  }

  String fatalSignal() {
    return fatalSignal;
  }

  int fatalNumber() {
    return fatalNumber;
  }

  private synchronized void write(String line) {
    try {
      file.write(line);
      file.newLine();
      file.flush();
    } catch (IOException e) {
      LOG.debug("cannot write engine.log: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    try {
      file.close();
    } catch (IOException e) {
      LOG.debug("cannot close engine.log: {}", e.toString());
    }
  }
}
