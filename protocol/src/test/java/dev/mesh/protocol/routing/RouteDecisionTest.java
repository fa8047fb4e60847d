package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.imac;
import static dev.mesh.protocol.routing.Household.macmini;
import static dev.mesh.protocol.routing.Household.pi;
import static dev.mesh.protocol.routing.Household.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.task.TaskKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteDecisionTest {
  private static final RouteRequest DRAFT = request(TaskKind.GENERATE, 100, 20, Objective.FASTEST);

  @Test
  void explainsOnOneLineChosenFirstThenOthersThenExcluded() {
    RouteDecision d = Router.route(DRAFT, Household.all(), Set.of());
    assertThat(d.explain()).isEqualTo(
        "macmini: est 0.55 s (chosen, fastest); pi: est 3.00 s; imac: excluded: no local engine: cpu lacks avx2");
  }

  @Test
  void explainsGreenestWithJoules() {
    RouteDecision d = Router.route(request(TaskKind.EMBED, 200, 0, Objective.GREENEST), Household.all(), Set.of());
    assertThat(d.explain()).isEqualTo("pi: est 0.20 s, 1.0 J (chosen, greenest); macmini: est 0.05 s, 1.5 J; "
        + "imac: excluded: no local engine: cpu lacks avx2");
  }

  @Test
  void explainsBalancedWithJoulesAndScore() {
    RouteDecision d = Router.route(DRAFT.withObjective(Objective.BALANCED),
        List.of(pi().build(), macmini().build()), Set.of());
    // macmini 0.55 s x 30 W = 16.5 J; pi 3 s x 5 W = 15 J: 1 + 16.5/15 = 2.10 against 3/0.55 + 1 = 6.45.
    assertThat(d.explain())
        .isEqualTo("macmini: est 0.55 s, 16.5 J, score 2.10 (chosen, balanced); pi: est 3.00 s, 15.0 J, score 6.45");
  }

  @Test
  void explainsWhyNothingWasChosen() {
    RouteDecision d = Router.route(DRAFT, List.of(imac().build()), Set.of());
    assertThat(d.explain()).isEqualTo("no capable node; imac: excluded: no local engine: cpu lacks avx2");
    assertThat(Router.route(DRAFT, List.of(), Set.of()).explain())
        .isEqualTo("no capable node; no node has advertised itself");
  }

  @Test
  void noCapableNodeNamesEveryNodeAndWhyItIsOut() {
    RouteDecision d = Router.route(DRAFT,
        List.of(pi().build(), imac().build(), macmini().state(NodeState.DRAINING).build()), Set.of("pi"));
    ApiError error = d.noCapableNode();
    assertThat(error.code()).isEqualTo("no_capable_node").isEqualTo(RouteDecision.NO_CAPABLE_NODE);
    assertThat(error.field()).isNull();
    assertThat(error.message()).isEqualTo("no node can run this task: imac (no local engine: cpu lacks avx2), "
        + "macmini (draining), pi (already visited (no revisits))");
  }

  @Test
  void noCapableNodeSaysWhenNoNodeHasAdvertised() {
    assertThat(Router.route(DRAFT, List.of(), Set.of()).noCapableNode().message())
        .isEqualTo("no node can run this task: no node has advertised itself");
  }

  @Test
  void noCapableNodeRefusesWhenANodeWasChosen() {
    RouteDecision d = Router.route(DRAFT, Household.all(), Set.of());
    assertThat(d.routable()).isTrue();
    assertThatThrownBy(d::noCapableNode).isInstanceOf(IllegalStateException.class)
        .hasMessage("a node was chosen (macmini); there is no error to report");
  }

  @Test
  void refusesChosenThatIsExcludedOrNotACandidate() {
    Candidate out = Candidate.excluded("imac", "imac", List.of(Exclusions.DRAINING));
    assertThatThrownBy(() -> new RouteDecision(Objective.FASTEST, List.of(out), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("chosen must be an eligible member");
    Candidate in = Candidate.eligible("pi", "pi", "qwen", 1.0, null, 1.0);
    assertThatThrownBy(() -> new RouteDecision(Objective.FASTEST, List.of(), in))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void candidateLabelIsNameElseId() {
    assertThat(Candidate.excluded("node-7", null, List.of(Exclusions.DRAINING)).label()).isEqualTo("node-7");
    assertThat(Candidate.excluded("node-7", "attic", List.of(Exclusions.DRAINING)).label()).isEqualTo("attic");
  }
}
