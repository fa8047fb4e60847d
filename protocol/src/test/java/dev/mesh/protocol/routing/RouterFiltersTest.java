package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.GIB;
import static dev.mesh.protocol.routing.Household.MIB;
import static dev.mesh.protocol.routing.Household.imac;
import static dev.mesh.protocol.routing.Household.macmini;
import static dev.mesh.protocol.routing.Household.pi;
import static dev.mesh.protocol.routing.Household.qwen;
import static dev.mesh.protocol.routing.Household.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.task.TaskKind;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every filter of docs/architecture.md (routing) and the exact reason a node is out. */
class RouterFiltersTest {
  private static final RouteRequest DRAFT = request(TaskKind.GENERATE, 100, 50, Objective.FASTEST);
  private static final RouteRequest EMBED = request(TaskKind.EMBED, 100, 0, Objective.FASTEST);

  private static String reason(RouteRequest r, NodeAdvert advert) {
    RouteDecision d = Router.route(r, List.of(advert), Set.of());
    assertThat(d.routable()).as("routable").isFalse();
    return d.candidates().get(0).excludedBy();
  }

  private static RouteDecision route(RouteRequest r, NodeAdvert... adverts) {
    return Router.route(r, List.of(adverts), Set.of());
  }

  @Test
  void neverRevisitsANode() {
    RouteDecision d = Router.route(DRAFT, Household.all(), Set.of("macmini"));
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
    assertThat(d.candidates()).filteredOn(c -> c.nodeId().equals("macmini")).singleElement()
        .extracting(Candidate::excludedBy).isEqualTo("already visited (no revisits)");
  }

  @Test
  void visitedComesBeforeEveryOtherReason() {
    RouteDecision d = Router.route(DRAFT, List.of(imac().state(NodeState.DRAINING).build()), Set.of("imac"));
    assertThat(d.candidates().get(0).excludedBy()).isEqualTo("already visited (no revisits)");
  }

  @Test
  void excludesDrainingNodeBeforeLookingAtItsEngine() {
    assertThat(reason(DRAFT, imac().state(NodeState.DRAINING).build())).isEqualTo("draining");
    assertThat(route(DRAFT, pi().build(), macmini().state(NodeState.DRAINING).build()).chosen().nodeId())
        .isEqualTo("pi");
  }

  @Test
  void degradedNodeStaysEligible() {
    assertThat(route(DRAFT, pi().build(), macmini().state(NodeState.DEGRADED).build()).chosen().nodeId())
        .isEqualTo("macmini");
  }

  @Test
  void excludesNodeWithoutLocalEngineGivingItsReason() {
    assertThat(reason(DRAFT, imac().build())).isEqualTo("no local engine: cpu lacks avx2");
    assertThat(reason(DRAFT, pi().engine(LocalEngine.unavailable(null)).build()))
        .isEqualTo("no local engine: no reason given");
  }

  static Stream<Arguments> incompleteAdverts() {
    return Stream.of(
        Arguments.of(pi().state(null), "advert incomplete: no state"),
        Arguments.of(pi().engine(null), "advert incomplete: no engine"),
        Arguments.of(pi().memory(null), "advert incomplete: no memory"),
        Arguments.of(pi().load(null), "advert incomplete: no load"),
        Arguments.of(pi().load(new Load(0, 0, 1, Double.NaN)), "advert incomplete: backlog unknown"),
        Arguments.of(pi().load(new Load(0, 0, 1, Double.POSITIVE_INFINITY)), "advert incomplete: backlog unknown"),
        Arguments.of(pi().models(), "no models"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("incompleteAdverts")
  void excludesIncompleteAdvertSayingWhatIsMissing(Household.Node node, String expected) {
    assertThat(reason(DRAFT, node.build())).isEqualTo(expected);
  }

  @Test
  void excludesModelThatIsNotLoaded() {
    NodeAdvert mac = macmini().models(qwen(2000, 40).loaded(false).build()).build();
    assertThat(reason(DRAFT, mac)).isEqualTo("qwen: not loaded");
    assertThat(route(DRAFT, pi().build(), mac).chosen().nodeId()).isEqualTo("pi");
  }

  @Test
  void excludesModelThatDoesNotServeTheKind() {
    assertThat(reason(EMBED, pi().models(qwen(200, 8).build()).build())).isEqualTo("qwen: does not serve embed");
  }

  @Test
  void listsEveryModelsReasonWhenAllOfANodesModelsFail() {
    NodeAdvert node = pi().models(
        new Household.Model("stories").kinds(List.of(TaskKind.GENERATE)).build(),
        new Household.Model("qwen").kinds(List.of(TaskKind.EMBED)).context(2048).build()).build();
    assertThat(reason(request(TaskKind.EMBED, 2300, 0, Objective.FASTEST), node))
        .isEqualTo("stories: does not serve embed; qwen: context 2048 < 2300 needed");
  }

  @Test
  void routesNamedModelOnlyToNodesThatHaveIt() {
    RouteRequest phi = new RouteRequest(TaskKind.GENERATE, "phi", null, 100, 50, 0, false, Objective.FASTEST);
    NodeAdvert piWithPhi = pi().models(qwen(200, 8).build(), new Household.Model("phi").speeds(100, 4).build())
        .build();
    RouteDecision d = route(phi, piWithPhi, macmini().build());
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
    assertThat(d.chosen().modelId()).isEqualTo("phi");
    assertThat(d.candidates().get(1).excludedBy())
        .isEqualTo("qwen: not model phi; minilm: does not serve generate");
  }

  @Test
  void familyMatchesArchitectureIgnoringCaseOrAPartOfTheModelId() {
    assertThat(route(family("QWEN2"), pi().build()).routable()).isTrue();
    assertThat(route(family("QW"), pi().models(qwen(200, 8).architecture("other").build()).build()).routable())
        .isTrue();
    assertThat(reason(family("llama"), pi().models(qwen(200, 8).build()).build())).isEqualTo("qwen: not family llama");
  }

  @Test
  void excludesModelWhoseContextCannotHoldPromptPlusMaxTokens() {
    NodeAdvert node = pi().models(qwen(200, 8).build()).build();
    assertThat(reason(request(TaskKind.GENERATE, 4000, 200, Objective.FASTEST), node))
        .isEqualTo("qwen: context 4096 < 4200 needed");
    assertThat(route(request(TaskKind.GENERATE, 4000, 96, Objective.FASTEST), node).routable()).isTrue();
  }

  @Test
  void excludesModelWhoseContextIsBelowMinContext() {
    RouteRequest r = new RouteRequest(TaskKind.GENERATE, null, null, 10, 10, 8192, false, Objective.FASTEST);
    assertThat(reason(r, pi().models(qwen(200, 8).build()).build())).isEqualTo("qwen: context 4096 < 8192 needed");
  }

  @Test
  void excludesModelThatNeedsMoreRamThanUsable() {
    // 2 GiB available - 1 GiB reserve = 1024 MiB usable; 3 GiB needed, none resident.
    NodeAdvert node = pi().memory(new Memory(8 * GIB, 2 * GIB, GIB))
        .models(qwen(200, 8).ram(3 * GIB, 0).build()).build();
    assertThat(reason(DRAFT, node)).isEqualTo("qwen: needs 3072 MiB more RAM, 1024 MiB usable");
  }

  @Test
  void residentBytesCountTowardsTheRamAModelNeeds() {
    NodeAdvert node = pi().memory(new Memory(8 * GIB, 2 * GIB, GIB))
        .models(qwen(200, 8).ram(3 * GIB, 2 * GIB + 512 * MIB).build()).build();
    assertThat(route(DRAFT, node).routable()).isTrue();
  }

  @Test
  void fullyResidentModelStaysEligibleEvenWhenFreeRamIsBelowTheReserve() {
    NodeAdvert node = pi().memory(new Memory(8 * GIB, 256 * MIB, GIB)).models(qwen(200, 8).build()).build();
    assertThat(route(DRAFT, node).routable()).isTrue();
  }

  @Test
  void roundsRamNeedUpAndUsableDownSoTheMessageNeverLooksSatisfied() {
    NodeAdvert node = pi().memory(new Memory(8 * GIB, GIB + 100 * MIB + 1, GIB))
        .models(qwen(200, 8).ram(100 * MIB + 2, 0).build()).build();
    assertThat(reason(DRAFT, node)).isEqualTo("qwen: needs 101 MiB more RAM, 100 MiB usable");
  }

  static Stream<Arguments> unmeasuredSpeeds() {
    return Stream.of(
        Arguments.of(0.0, 8.0), Arguments.of(-1.0, 8.0), Arguments.of(Double.NaN, 8.0),
        Arguments.of(Double.POSITIVE_INFINITY, 8.0), Arguments.of(200.0, 0.0), Arguments.of(200.0, -3.0),
        Arguments.of(200.0, Double.NaN), Arguments.of(Double.MIN_VALUE, 8.0));
  }

  @ParameterizedTest(name = "prefill {0}, decode {1}")
  @MethodSource("unmeasuredSpeeds")
  void excludesModelWhoseSpeedIsNotMeasured(double prefill, double decode) {
    assertThat(reason(DRAFT, pi().models(qwen(prefill, decode).build()).build()))
        .isEqualTo("qwen: speed not measured yet");
  }

  @Test
  void embeddingNeedsNoDecodeSpeed() {
    NodeAdvert node = pi().models(Household.minilm(1000).speeds(1000, 0).build()).build();
    assertThat(route(EMBED, node).routable()).isTrue();
  }

  @Test
  void localOnlyNeverExcludesWhileEveryEngineIsLocal() {
    RouteRequest localOnly = new RouteRequest(TaskKind.GENERATE, null, null, 100, 50, 0, true, Objective.FASTEST);
    assertThat(Router.route(localOnly, Household.all(), Set.of()))
        .isEqualTo(Router.route(DRAFT, Household.all(), Set.of()));
  }

  private static RouteRequest family(String family) {
    return new RouteRequest(TaskKind.GENERATE, null, family, 100, 50, 0, false, Objective.FASTEST);
  }
}
