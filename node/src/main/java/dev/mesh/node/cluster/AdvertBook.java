package dev.mesh.node.cluster;

import dev.mesh.protocol.advert.NodeAdvert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The latest advert of every node this node knows: newer sequence numbers win, a lost member's
 * advert is dropped as soon as Hazelcast reports it, and one not refreshed for a few heartbeats
 * is ignored (a last guard if a removal was missed).
 */
public final class AdvertBook {
  private final Map<String, Entry> byNodeId = new ConcurrentHashMap<>();
  private final Duration maxAge;
  private final Clock clock;
  private volatile Predicate<String> isMember = memberId -> true;

  /** {@code viaFolder}: read from the shared folder, where a node outside the cluster publishes too. */
  private record Entry(NodeAdvert advert, Instant receivedAt, boolean viaFolder) {}

  public AdvertBook(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** Keeps the advert unless an equal or newer one of the same node is already known. */
  public boolean offer(NodeAdvert advert) {
    return offer(advert, false);
  }

  /**
   * An advert read from the shared folder: live while fresh even if its node is no cluster member — the
   * folder is how tasks reach it (a node outside the cluster, or one the cluster has lost but the folder not).
   */
  public boolean offerFromFolder(NodeAdvert advert) {
    return offer(advert, true);
  }

  private boolean offer(NodeAdvert advert, boolean viaFolder) {
    boolean[] taken = {false};
    byNodeId.compute(advert.id(), (id, known) -> {
      if (known != null && known.advert().sequence() >= advert.sequence()) {
        return known;
      }
      taken[0] = true;
      return new Entry(advert, clock.instant(), viaFolder);
    });
    return taken[0];
  }

  /**
   * Only adverts of current members are live. A member Hazelcast dropped (frozen, cut off) may still
   * reach this node over the event bus for a moment when it wakes, before it merges back: its adverts
   * must not make it look like it rejoined, nor draw tasks to a node whose cluster writes will be discarded.
   */
  public void admitOnly(Predicate<String> isMember) {
    this.isMember = isMember;
  }

  /** Drops the advert of a lost member; returns it (its name says which tasks to re-route). */
  public Optional<NodeAdvert> removeMember(String memberId) {
    for (Entry e : new ArrayList<>(byNodeId.values())) {
      if (memberId.equals(memberIdOf(e.advert().id()))) {
        byNodeId.remove(e.advert().id());
        return Optional.of(e.advert());
      }
    }
    return Optional.empty();
  }

  /** Live adverts: the fresh ones of current members, and fresh ones from the shared folder. */
  public List<NodeAdvert> live() {
    Instant oldest = clock.instant().minus(maxAge);
    List<NodeAdvert> live = new ArrayList<>();
    for (Entry e : byNodeId.values()) {
      if (!e.receivedAt().isBefore(oldest) && (e.viaFolder() || isMember.test(memberIdOf(e.advert().id())))) {
        live.add(e.advert());
      }
    }
    return live;
  }

  /** This node's advert first, then every other live one by name: the mesh as status pages list it. */
  public List<NodeAdvert> liveWith(NodeAdvert self) {
    List<NodeAdvert> all = new ArrayList<>(List.of(self));
    live().stream().filter(a -> !a.id().equals(self.id()))
        .sorted(java.util.Comparator.comparing(NodeAdvert::name)).forEach(all::add);
    return all;
  }

  /** When this node last took an advert of that node (its own clock: no skew between machines). */
  public Optional<Instant> receivedAt(String nodeId) {
    return Optional.ofNullable(byNodeId.get(nodeId)).map(Entry::receivedAt);
  }

  /**
   * The members that have sent an advert over the event bus, however long ago (a node frozen a few seconds is
   * silent, not a stranger).
   */
  public java.util.Set<String> membersAdvertised() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    byNodeId.values().stream().filter(e -> !e.viaFolder()).forEach(e -> ids.add(memberIdOf(e.advert().id())));
    return ids;
  }

  /** Node ids are {@code name@memberId}: the member part ties an advert to Hazelcast membership. */
  public static String memberIdOf(String nodeId) {
    int at = nodeId.lastIndexOf('@');
    return at < 0 ? nodeId : nodeId.substring(at + 1);
  }
}
