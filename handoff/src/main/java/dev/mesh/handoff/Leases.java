package dev.mesh.handoff;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims carry a lease: it runs from the claim file's mtime, which the claimer renews by touching the file
 * (a shell script can: {@code touch}). Any node returns an expired claim to the shared inbox — its claimer
 * died — or drops it when its result exists. Clocks of the machines should agree to well under a lease
 * (NTP); a claim is never judged by an mtime older than when this node first saw it, since a rename into
 * the claims folder keeps the publication's mtime until the claimer's first touch.
 */
public final class Leases {
  private final HandoffDir dir;
  private final Clock clock;
  private final Duration lease;
  private final Map<Path, Instant> firstSeen = new ConcurrentHashMap<>();

  public Leases(HandoffDir dir, Clock clock, Duration lease) {
    this.dir = dir;
    this.clock = clock;
    this.lease = lease;
  }

  public Duration lease() {
    return lease;
  }

  /** Extends the claim's lease; false when the claim is gone (expired and returned: the task is no longer ours). */
  public boolean renew(Claim claim) throws IOException {
    try {
      Files.setLastModifiedTime(claim.file(), FileTime.from(clock.instant()));
      return Files.exists(claim.file(), LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException gone) {
      return false;
    }
  }

  /** Whether this node still holds the claim (checked before a result is written or a task started). */
  public boolean held(Claim claim) {
    return Files.exists(claim.file(), LinkOption.NOFOLLOW_LINKS);
  }

  /** Ends a claim whose task has its result (or was handed on): the claim file goes. */
  public void release(Claim claim) throws IOException {
    Files.deleteIfExists(claim.file());
  }

  /** Puts a claim back in the shared inbox for another node (this one can't run it after all). */
  public boolean giveBack(Claim claim) throws IOException {
    return Inbox.rename(claim.file(), dir.inbox().resolve(claim.file().getFileName()));
  }

  /** Returns every expired claim of every node to the shared inbox; the ids returned. */
  public List<String> reapExpired() throws IOException {
    List<String> returned = new ArrayList<>();
    Instant now = clock.instant();
    List<Path> seen = new ArrayList<>();
    try (DirectoryStream<Path> nodes = Files.newDirectoryStream(dir.claims())) {
      for (Path folder : nodes) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        for (Path claim : Inbox.waiting(folder)) {
          seen.add(claim);
          if (expired(claim, now)) {
            reap(claim).ifPresent(returned::add);
          }
        }
      }
    }
    firstSeen.keySet().retainAll(seen);
    return returned;
  }

  private boolean expired(Path claim, Instant now) throws IOException {
    Instant seen = firstSeen.computeIfAbsent(claim, p -> now);
    Instant touched;
    try {
      touched = Files.getLastModifiedTime(claim, LinkOption.NOFOLLOW_LINKS).toInstant();
    } catch (NoSuchFileException gone) {
      return false;
    }
    Instant from = touched.isAfter(seen) ? touched : seen;
    return Duration.between(from, now).compareTo(lease) > 0;
  }

  private java.util.Optional<String> reap(Path claim) throws IOException {
    java.util.Optional<String> id = Names.idOf(claim);
    if (id.isPresent() && Files.exists(dir.resultOf(id.get()), LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(claim); // finished, only the claimer died before clearing up
      return java.util.Optional.empty();
    }
    firstSeen.remove(claim);
    return Inbox.rename(claim, dir.inbox().resolve(claim.getFileName()))
        ? java.util.Optional.of(id.orElse(claim.getFileName().toString())) : java.util.Optional.empty();
  }
}
