package dev.mesh.handoff;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a scan of the shared folder every {@code interval} on its own thread — network file systems send no
 * change events, so polling is what always works. With {@code nativeWatch}, a change event where the file
 * system delivers one (a local disk) runs the scan at once as well. Scans never overlap.
 */
public final class Poller implements AutoCloseable {
  private final ScheduledExecutorService scheduler;
  private final Runnable scan;
  private final Consumer<Exception> onError;
  private final AtomicBoolean pending = new AtomicBoolean();
  private WatchService watch;
  private Thread watcher;

  private Poller(String name, Runnable scan, Consumer<Exception> onError) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    this.scan = scan;
    this.onError = onError;
  }

  /** @param watched folders whose change events (if any arrive) trigger a scan early */
  public static Poller start(String name, Duration interval, boolean nativeWatch, List<Path> watched, Runnable scan,
      Consumer<Exception> onError) {
    Poller poller = new Poller(name, scan, onError);
    poller.scheduler.scheduleWithFixedDelay(poller::runScan, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    if (nativeWatch) {
      poller.watch(watched, name);
    }
    return poller;
  }

  /** Asks for a scan as soon as possible (e.g. right after publishing). */
  public void nudge() {
    if (pending.compareAndSet(false, true)) {
      scheduler.execute(() -> {
        pending.set(false);
        runScan();
      });
    }
  }

  private void runScan() {
    try {
      scan.run();
    } catch (RuntimeException e) {
      onError.accept(e); // the next interval scans again: one bad pass never stops the poller
    }
  }

  private void watch(List<Path> folders, String name) {
    try {
      watch = FileSystems.getDefault().newWatchService();
      for (Path folder : folders) {
        folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      }
    } catch (IOException | UnsupportedOperationException e) {
      onError.accept(new IOException("no native change events here, polling only: " + e.getMessage(), e));
      return;
    }
    watcher = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          var key = watch.take();
          key.pollEvents();
          key.reset();
          nudge();
        }
      } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
        // closing
      }
    }, name + "-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
