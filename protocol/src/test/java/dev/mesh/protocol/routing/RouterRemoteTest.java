package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.imac;
import static dev.mesh.protocol.routing.Household.pi;
import static dev.mesh.protocol.routing.Household.qwen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.advert.Circuit;
import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Network;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.Remote;
import dev.mesh.protocol.task.RouteNote.Out;
import dev.mesh.protocol.task.TaskKind;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Routing's policy for remote engines: local first, cloud when needed or allowed, never for local-only, outages. */
class RouterRemoteTest {
  /** A fast cloud model of tier heavy beside the pi's slow local one. */
  private static NodeAdvert mini(Circuit circuit) {
    return Household.macmini().id("mini").models(new Household.Model("big-writer").speeds(5000, 80).tier("heavy")
        .remote("cloud", Network.CLOUD, circuit).build()).build();
  }

  private static NodeAdvert piLocal() {
    return pi().models(qwen(200, 8).tier("light").build()).build();
  }

  private static RouteRequest draft(String tier, boolean localOnly, boolean allowCloud) {
    return new RouteRequest(TaskKind.GENERATE, null, null, 30, 60, 0, localOnly, Objective.FASTEST, tier, allowCloud);
  }

  @Test
  void aCloudModelIsHeldBackWhileALocalOneServesTheTaskThoughItIsFaster() {
    RouteDecision d = Router.route(draft(null, false, false), List.of(piLocal(), mini(Circuit.CLOSED)), Set.of());
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
    assertThat(d.candidates()).filteredOn(c -> c.nodeId().equals("mini")).singleElement()
        .satisfies(c -> assertThat(c.out()).containsExactly(Out.CLOUD_HELD_BACK));
    assertThat(d.heldBack()).containsExactly("big-writer");
    assertThat(d.explain()).endsWith("cloud held back: big-writer (a local or LAN model serves this; allowCloud lets"
        + " cloud models compete)");
  }

  @Test
  void allowCloudLetsItCompeteOnItsEstimate() {
    RouteDecision d = Router.route(draft(null, false, true), List.of(piLocal(), mini(Circuit.CLOSED)), Set.of());
    assertThat(d.chosen().modelId()).isEqualTo("big-writer");
  }

  @Test
  void aTierNoLocalModelHasGoesToTheCloud() {
    RouteDecision d = Router.route(draft("heavy", false, false), List.of(piLocal(), mini(Circuit.CLOSED)), Set.of());
    assertThat(d.chosen().modelId()).isEqualTo("big-writer");
  }

  @Test
  void aLocalOnlyTaskNeverReachesACloudModelEvenWhenNothingElseServesIt() {
    RouteDecision d = Router.route(draft("heavy", true, false), List.of(piLocal(), mini(Circuit.CLOSED)), Set.of());
    assertThat(d.routable()).isFalse();
    assertThat(d.candidates()).filteredOn(c -> c.nodeId().equals("mini")).singleElement()
        .satisfies(c -> assertThat(c.out()).containsExactly(Out.LOCAL_ONLY));
  }

  @Test
  void aLanModelIsLocalEnoughForALocalOnlyTask() {
    NodeAdvert lan = Household.macmini().id("mini").models(new Household.Model("qwen-4b").speeds(900, 30)
        .tier("heavy").remote("minis-ollama", Network.LAN, Circuit.CLOSED).build()).build();
    RouteDecision d = Router.route(draft("heavy", true, false), List.of(piLocal(), lan), Set.of());
    assertThat(d.chosen().modelId()).isEqualTo("qwen-4b");
  }

  @Test
  void aRemoteThatIsOutIsExcludedSayingWhyAndIgnoringOutagesNamesWhatTheTaskWanted() {
    List<NodeAdvert> mesh = List.of(piLocal(), mini(Circuit.OPEN));
    RouteDecision d = Router.route(draft("heavy", false, false), mesh, Set.of());
    assertThat(d.routable()).isFalse();
    assertThat(d.explain()).contains("big-writer: remote cloud is out (HTTP 503)");
    assertThat(Router.routeIgnoringOutages(draft("heavy", false, false), mesh, Set.of()).chosen().modelId())
        .isEqualTo("big-writer");
    assertThat(Router.route(draft("heavy", false, false).anyModel(), mesh, Set.of()).chosen().nodeId())
        .isEqualTo("pi");
  }

  @Test
  void aHalfOpenRemoteIsRoutable() {
    assertThat(Router.route(draft("heavy", false, false), List.of(mini(Circuit.HALF_OPEN)), Set.of()).routable())
        .isTrue();
  }

  @Test
  void aSpentBudgetKeepsCloudModelsOutButNotLanOnes() {
    Remote spent = new Remote("cloud", "openai", Network.CLOUD, Circuit.CLOSED, null, null, 0, 0.3, 0, true);
    NodeAdvert node = Household.macmini().id("mini").models(new Household.Model("big-writer").speeds(5000, 80)
        .tier("heavy").remote(spent).build()).build();
    RouteDecision d = Router.route(draft("heavy", false, false), List.of(node), Set.of());
    assertThat(d.candidates().get(0).out()).containsExactly(Out.BUDGET_SPENT);
    Remote lanSpent = new Remote("lan", "ollama", Network.LAN, Circuit.CLOSED, null, null, 0, 0.3, 0, true);
    NodeAdvert lan = Household.macmini().id("mini").models(new Household.Model("qwen-4b").speeds(900, 30)
        .tier("heavy").remote(lanSpent).build()).build();
    assertThat(Router.route(draft("heavy", false, false), List.of(lan), Set.of()).routable()).isTrue();
  }

  /** The old iMac: no engine of its own, but a local Ollama serves through it. */
  @Test
  void aNodeWithoutAnEngineServesItsRemoteModels() {
    NodeAdvert node = imac().models(qwen(300, 12).build(), new Household.Model("llama3.2").speeds(300, 12)
        .remote("imac-ollama", Network.LOCAL, Circuit.CLOSED).build()).build();
    RouteDecision d = Router.route(draft(null, false, false), List.of(node), Set.of());
    assertThat(d.chosen().modelId()).isEqualTo("llama3.2");
    NodeAdvert noRemote = imac().engine(LocalEngine.unavailable("cpu lacks avx2")).build();
    assertThat(Router.route(draft(null, false, false), List.of(noRemote), Set.of()).candidates().get(0).out())
        .containsExactly(Out.NO_LOCAL_ENGINE);
  }

  /** A remote waits behind its own queue, not the node's engine work, and costs more the more its calls fail. */
  @Test
  void aRemoteModelIsEstimatedByItsOwnBacklogAndErrorRate() {
    Remote healthy = new Remote("lan", "ollama", Network.LAN, Circuit.CLOSED, null, null, 0, 0.3, 2.0, false);
    Remote flaky = new Remote("lan", "ollama", Network.LAN, Circuit.CLOSED, null, null, 0.5, 0.3, 2.0, false);
    RouteRequest r = draft(null, false, false);
    double run = 30 / 900.0 + 60 / 30.0;
    for (Remote remote : List.of(healthy, flaky)) {
      NodeAdvert node = Household.macmini().id("mini").backlog(100).models(new Household.Model("qwen-4b")
          .speeds(900, 30).remote(remote).build()).build();
      double expected = 2.0 + run / (1 - remote.errorRate());
      assertThat(Router.route(r, List.of(node), Set.of()).chosen().estimatedSeconds())
          .isCloseTo(expected, Offset.offset(1e-9));
    }
  }
}
