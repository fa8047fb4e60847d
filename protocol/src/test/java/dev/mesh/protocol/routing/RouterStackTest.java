package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.GIB;
import static dev.mesh.protocol.routing.Household.pi;
import static dev.mesh.protocol.routing.Household.qwen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.RouteNote.Out;
import dev.mesh.protocol.task.TaskKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing over a model stack: aliases, tiers, and models a node loads on demand. */
class RouterStackTest {
  private static RouteRequest draft(String model, String tier) {
    return new RouteRequest(TaskKind.GENERATE, model, null, 30, 60, 0, false, Objective.FASTEST, tier);
  }

  @Test
  void aTaskNamingAnAliasGoesToTheModelThatAnswersToIt() {
    NodeAdvert node = pi().models(qwen(200, 8).aliases("writer").build()).build();
    assertThat(Router.route(draft("writer", null), List.of(node), Set.of()).chosen().modelId()).isEqualTo("qwen");
    assertThat(Router.route(draft("poet", null), List.of(node), Set.of()).routable()).isFalse();
  }

  @Test
  void aTierPicksAmongTheModelsOfThatTierOnly() {
    NodeAdvert node = pi().models(new Household.Model("small").speeds(900, 90).tier("light").build(),
        new Household.Model("big").speeds(200, 8).tier("heavy").build()).build();
    assertThat(Router.route(draft(null, "heavy"), List.of(node), Set.of()).chosen().modelId()).isEqualTo("big");
    RouteDecision none = Router.route(draft(null, "huge"), List.of(node), Set.of());
    assertThat(none.candidates().get(0).out()).containsExactly(Out.OTHER_TIER);
  }

  /** A model to be loaded first stays routable, its load time in the estimate. */
  @Test
  void anUnloadedModelIsRoutableAndItsLoadTimeCounts() {
    NodeAdvert loaded = pi().id("a").models(qwen(200, 8).build()).build();
    NodeAdvert unloaded = pi().id("b").models(qwen(200, 8).unloaded(4.0).build()).build();
    double warm = Router.route(draft(null, null), List.of(loaded), Set.of()).chosen().estimatedSeconds();
    double cold = Router.route(draft(null, null), List.of(unloaded), Set.of()).chosen().estimatedSeconds();
    assertThat(cold - warm).isEqualTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Router.route(draft(null, null), List.of(loaded, unloaded), Set.of()).chosen().nodeId()).isEqualTo("a");
  }

  /** Room for a model to load counts what idle models would give up, within the node's limit. */
  @Test
  void anUnloadedModelFitsInWhatIdleModelsWouldGiveUpWithinTheLimit() {
    Memory tight = new Memory(8 * GIB, GIB, 512L << 20, 0, 3 * GIB, 2 * GIB);
    NodeAdvert node = pi().memory(tight).models(qwen(200, 8).ram(2 * GIB, 0).unloaded(3).build()).build();
    assertThat(Router.route(draft(null, null), List.of(node), Set.of()).routable()).isTrue();
    Memory limited = new Memory(8 * GIB, 6 * GIB, 512L << 20, 3 * GIB, 2 * GIB, 0);
    NodeAdvert capped = pi().memory(limited).models(qwen(200, 8).ram(2 * GIB, 0).unloaded(3).build()).build();
    assertThat(Router.route(draft(null, null), List.of(capped), Set.of()).candidates().get(0).out())
        .containsExactly(Out.NOT_ENOUGH_RAM);
  }
}
