package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipes to one engine process: writes requests to its stdin, routes its stdout replies to pending calls,
 * sends its stderr to {@link EngineLog}, and on EOF learns how it died and fails whatever was pending.
 */
final class EngineChannel {
  private static final Logger LOG = LoggerFactory.getLogger(EngineChannel.class);
  private static final long CLOSE_GRACE_MS = 2_000;
  private static final long EXIT_WAIT_MS = 5_000;

  private final Process process;
  private final Writer stdin;
  private final EngineLog log;
  private final PendingCalls pending = new PendingCalls();
  private final AtomicLong ids = new AtomicLong();
  private final List<Consumer<EngineExit>> exitListeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<EngineExit> exit = new CompletableFuture<>();
  private final Thread stderrPump;
  private volatile boolean closing;

  private EngineChannel(Process process, EngineLog log) {
    this.process = process;
    this.log = log;
    this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.stderrPump = daemon("engine-" + process.pid() + "-err", () -> pump(process.getErrorStream()));
  }

  static EngineChannel open(Process process, EngineLog log) {
    EngineChannel channel = new EngineChannel(process, log);
    channel.stderrPump.start();
    daemon("engine-" + process.pid() + "-out", channel::readReplies).start();
    return channel;
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  /** Sends msg (which carries its id) and returns its final reply; tokens for it go to onToken. */
  CompletableFuture<JsonNode> call(ObjectNode msg, String activity, Consumer<String> onToken, Object handle) {
    long id = msg.path("id").asLong();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.add(id, new PendingCalls.Call(activity, reply, onToken, handle));
    if (exit.isDone()) { // checked after add: the exit sweep either saw this call or set exit first
      pending.remove(id);
      reply.completeExceptionally(failure(exit.join().during(activity)));
      return reply;
    }
    send(msg);
    return reply;
  }

  /** Fire and forget; if the child is gone, the exit sweep fails what was pending. */
  void send(ObjectNode msg) {
    synchronized (stdin) {
      try {
        stdin.write(Wire.encode(msg));
        stdin.write('\n');
        stdin.flush();
      } catch (IOException e) {
        LOG.debug("engine {} stdin closed: {} not sent", process.pid(), msg.path("op").asText());
      }
    }
  }

  OptionalLong idOf(Object handle) {
    return pending.idOf(handle);
  }

  boolean alive() {
    return process.isAlive() && !exit.isDone();
  }

  void onExit(Consumer<EngineExit> listener) {
    exitListeners.add(listener);
    if (exit.isDone() && exitListeners.remove(listener)) {
      notify(listener, exit.join());
    }
  }

  CompletableFuture<EngineExit> exited() {
    return exit.copy();
  }

  /** Asks the engine to exit, then destroys it if it hasn't within a grace period. */
  void close() {
    closing = true;
    if (process.isAlive()) {
      send(Wire.message(nextId(), "shutdown"));
      awaitOrDestroy();
    }
    try {
      exit.get(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.debug("engine {} exit not observed: {}", process.pid(), e.toString());
    }
  }

  private void awaitOrDestroy() {
    try {
      if (!process.waitFor(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) {
        process.destroy();
        if (!process.waitFor(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void readReplies() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        onLine(line);
      }
    } catch (IOException e) {
      LOG.debug("engine {} stdout: {}", process.pid(), e.toString());
    } finally {
      onGone();
    }
  }

  private void onLine(String line) {
    try {
      Wire.decodeReply(line).ifPresentOrElse(pending::dispatch, () -> log.line(line));
    } catch (IllegalArgumentException e) {
      log.line(line); // not ours after all: native output that happened to contain the marker
    }
  }

  /** EOF on stdout: wait for the exit code and the last stderr lines, tell the owner, fail what was pending. */
  private void onGone() {
    int code = waitForExit();
    joinQuietly(stderrPump);
    log.readCrashReport(process.pid());
    EngineExit ended = EngineExit.of(process.pid(), code, log.fatalSignal(), log.fatalNumber(),
        pending.activity(), closing);
    exit.complete(ended);
    if (closing) {
      LOG.debug(ended.describe());
    } else {
      LOG.warn(ended.describe());
    }
    log.close();
    // the owner hears first, so by the time a caller sees its call fail, the owner is already restarting
    for (Consumer<EngineExit> listener : exitListeners) {
      if (exitListeners.remove(listener)) { // remove() claims it: onExit() may be racing to call it too
        notify(listener, ended);
      }
    }
    pending.failAll(activity -> failure(ended.during(activity)));
  }

  private EngineException failure(EngineExit ended) {
    return ended.requested() ? new EngineUnavailableException("engine process " + ended.pid() + " was closed")
        : new EngineCrashedException(ended);
  }

  private int waitForExit() {
    try {
      if (!process.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("engine {} closed its stdout but did not exit; killing it", process.pid());
        process.destroyForcibly();
      }
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void pump(InputStream stderr) {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        log.line(line);
      }
    } catch (IOException e) {
      LOG.debug("engine {} stderr: {}", process.pid(), e.toString());
    }
  }

  private static void notify(Consumer<EngineExit> listener, EngineExit ended) {
    try {
      listener.accept(ended);
    } catch (RuntimeException e) {
      LOG.warn("engine exit listener failed", e);
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(EXIT_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
