package dev.mesh.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.advert.NodeAdvert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvertBookTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final AdvertBook book = new AdvertBook(Duration.ofSeconds(5), Clock.fixed(T0, ZoneOffset.UTC));

  private static NodeAdvert advert(String id, long sequence) {
    return new NodeAdvert(1, id, id.substring(0, id.indexOf('@')), "127.0.0.1", "0.1.0", T0, null, null, null, null,
        null, null, null, null, null, sequence, T0);
  }

  @Test
  void keepsTheNewestSequenceOfEachNode() {
    assertThat(book.offer(advert("a@m1", 2))).isTrue();
    assertThat(book.offer(advert("a@m1", 1))).isFalse();
    assertThat(book.offer(advert("a@m1", 2))).isFalse();
    assertThat(book.live()).extracting(NodeAdvert::sequence).containsExactly(2L);
  }

  @Test
  void listsOnlyNodesThatAreMembersNowThoughTheirAdvertsStillArrive() {
    // c was dropped by Hazelcast (frozen) and wakes: its adverts reach this node before it merges back
    book.admitOnly(Set.of("m1", "m2")::contains);
    book.offer(advert("a@m1", 1));
    book.offer(advert("c@m3", 7));
    assertThat(book.live()).extracting(NodeAdvert::name).containsExactly("a");
  }
}
