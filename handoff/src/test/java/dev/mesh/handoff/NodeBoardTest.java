package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeBoardTest {
  @TempDir Path root;

  @Test
  void freshAdvertsAreLiveStaleOnesAreNotBadOnesAreQuarantined() throws Exception {
    Fixtures f = Fixtures.at(root);
    NodeBoard board = new NodeBoard(f.dir, f.quarantine, Clock.systemUTC());
    board.publish(advert("imac"));
    board.publish(advert("pi"));
    Files.setLastModifiedTime(f.dir.nodes().resolve("pi.json"), FileTime.from(Instant.now().minusSeconds(60)));
    Files.writeString(f.dir.nodes().resolve("broken.json"), "{\"id\":");

    List<NodeAdvert> live = board.live(Duration.ofSeconds(15));

    assertThat(live).extracting(NodeAdvert::name).containsExactly("imac");
    assertThat(f.dir.rejected().resolve("broken.json")).exists();
    board.withdraw("imac");
    assertThat(board.live(Duration.ofSeconds(15))).isEmpty();
  }

  private static NodeAdvert advert(String name) {
    return new NodeAdvert(1, name + "-id", name, name + ".local", "0.1.0", Instant.now(), null, null, List.of(), null,
        null, null, NodeState.UP, null, null, 1, Instant.now());
  }
}
