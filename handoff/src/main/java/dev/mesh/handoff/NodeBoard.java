package dev.mesh.handoff;

import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.seal.FileSeal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Node adverts in the shared folder ({@code nodes/<name>.json}), so nodes that can't reach each other over
 * the cluster — a handoff-only node on an old OS — still know what each can run. An advert is live while
 * its file is younger than {@code maxAge} (its node rewrites it on every heartbeat).
 */
public final class NodeBoard {
  private static final long MAX_ADVERT_BYTES = 256 * 1024;

  private final HandoffDir dir;
  private final Quarantine quarantine;
  private final Clock clock;
  private final FileSeal seal;

  public NodeBoard(HandoffDir dir, Quarantine quarantine, Clock clock) {
    this(dir, quarantine, clock, FileSeal.none());
  }

  /** @param seal with a mesh key, adverts carry a MAC; one without it is quarantined (never routed to) */
  public NodeBoard(HandoffDir dir, Quarantine quarantine, Clock clock, FileSeal seal) {
    this.seal = seal;
    this.dir = dir;
    this.quarantine = quarantine;
    this.clock = clock;
  }

  public void publish(NodeAdvert advert) throws IOException {
    AtomicFiles.write(dir.nodes().resolve(Names.fileOf(advert.name())),
        seal.sign(purpose(advert.name()), MeshJson.mapper().writeValueAsBytes(advert)));
  }

  /** Removes this node's advert (it stops: the others should not route to it until its next heartbeat). */
  public void withdraw(String nodeName) throws IOException {
    Files.deleteIfExists(dir.nodes().resolve(Names.fileOf(nodeName)));
  }

  /** Every advert written within {@code maxAge}; unreadable files are quarantined. */
  public List<NodeAdvert> live(Duration maxAge) throws IOException {
    Instant cutoff = clock.instant().minus(maxAge);
    List<NodeAdvert> live = new ArrayList<>();
    for (Path file : Inbox.waiting(dir.nodes())) {
      try {
        if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
          continue;
        }
        NodeAdvert advert = read(file, Names.idOf(file).orElse(""));
        if (Names.idOf(file).map(advert.name()::equals).orElse(false)) {
          live.add(advert);
        } else {
          quarantine.reject(file, "advert of node '" + advert.name() + "' in a file named " + file.getFileName());
        }
      } catch (NoSuchFileException gone) {
        // withdrawn meanwhile
      } catch (IOException | RuntimeException e) {
        quarantine.reject(file, "unreadable advert: " + e.getMessage());
      }
    }
    return live;
  }

  private NodeAdvert read(Path file, String name) throws IOException {
    byte[] json = seal.nodeWritten(purpose(name), AtomicFiles.readRegular(file, MAX_ADVERT_BYTES),
        "an advert without a MAC: with a mesh key, only nodes holding it advertise here");
    return TaskCodec.decode(json, NodeAdvert.class);
  }

  private static String purpose(String nodeName) {
    return "advert/" + nodeName;
  }
}
