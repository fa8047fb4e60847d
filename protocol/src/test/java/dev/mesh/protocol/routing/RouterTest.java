package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.imac;
import static dev.mesh.protocol.routing.Household.macmini;
import static dev.mesh.protocol.routing.Household.pi;
import static dev.mesh.protocol.routing.Household.qwen;
import static dev.mesh.protocol.routing.Household.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.task.TaskKind;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Objectives, backlog, ties and ordering; the filters are in {@link RouterFiltersTest}. */
class RouterTest {
  private static final RouteRequest LONG_DRAFT = request(TaskKind.GENERATE, 500, 512, Objective.FASTEST);
  private static final RouteRequest SHORT_EMBED = request(TaskKind.EMBED, 200, 0, Objective.FASTEST);

  private static RouteDecision route(RouteRequest r, NodeAdvert... adverts) {
    return Router.route(r, List.of(adverts), Set.of());
  }

  private static Candidate candidate(RouteDecision d, String nodeId) {
    return d.candidates().stream().filter(c -> c.nodeId().equals(nodeId)).findFirst().orElseThrow();
  }

  @Test
  void routesEmbeddingToNodeWithLowestEstimatedTime() {
    RouteDecision d = Router.route(SHORT_EMBED, Household.all(), Set.of());
    assertThat(d.chosen().nodeId()).isEqualTo("macmini");
    assertThat(d.chosen().modelId()).isEqualTo("minilm");
    assertThat(d.chosen().estimatedSeconds()).isCloseTo(200 / 4000.0, within(1e-12));
    assertThat(candidate(d, "pi").estimatedSeconds()).isCloseTo(200 / 1000.0, within(1e-12));
  }

  @Test
  void aNodesMeasuredTaskOverheadCountsInItsEstimate() {
    NodeAdvert slowToStart = Household.macmini().load(new dev.mesh.protocol.advert.Load(0, 0, 1, 0, 0.3)).build();
    RouteDecision d = Router.route(SHORT_EMBED, List.of(Household.pi().build(), slowToStart), Set.of());
    assertThat(candidate(d, "macmini").estimatedSeconds()).isCloseTo(0.3 + 200 / 4000.0, within(1e-12));
    assertThat(d.chosen().nodeId()).as("0.2 s on the pi beats 0.35 s on the macmini").isEqualTo("pi");
  }

  @Test
  void fastestPicksMacminiForLongDraftAndScoresBySeconds() {
    RouteDecision d = Router.route(LONG_DRAFT, Household.all(), Set.of());
    assertThat(d.chosen().nodeId()).isEqualTo("macmini");
    assertThat(d.chosen().score()).isCloseTo(500 / 2000.0 + 512 / 40.0, within(1e-9));
    assertThat(d.chosen().estimatedJoules()).isCloseTo(30 * (500 / 2000.0 + 512 / 40.0), within(1e-9));
    assertThat(candidate(d, "pi").score()).isCloseTo(500 / 200.0 + 512 / 8.0, within(1e-9));
  }

  @Test
  void greenestPicksPiForShortEmbedBecauseItsEnergyIsLower() {
    RouteDecision d = Router.route(SHORT_EMBED.withObjective(Objective.GREENEST), Household.all(), Set.of());
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
    assertThat(d.chosen().score()).isCloseTo(5 * 0.2, within(1e-12));
    assertThat(candidate(d, "macmini").score()).isCloseTo(30 * 0.05, within(1e-12));
  }

  @Test
  void greenestPicksPiForLongDraftWhereDecodeDominates() {
    RouteDecision d = Router.route(LONG_DRAFT.withObjective(Objective.GREENEST), Household.all(), Set.of());
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
    assertThat(d.chosen().score()).isCloseTo(5 * 66.5, within(1e-9));
  }

  @Test
  void greenestFollowsEnergyNotWattsSoMacminiWinsPrefillHeavyTask() {
    RouteRequest summary = request(TaskKind.SUMMARIZE, 1000, 1, Objective.GREENEST);
    RouteDecision d = Router.route(summary, Household.all(), Set.of());
    assertThat(d.chosen().nodeId()).isEqualTo("macmini");
    assertThat(d.chosen().estimatedJoules()).isLessThan(candidate(d, "pi").estimatedJoules());
  }

  @Test
  void greenestRanksNodesWithUnknownWattsAfterKnownOnesWhateverTheirTime() {
    RouteRequest summary = request(TaskKind.SUMMARIZE, 1000, 1, Objective.GREENEST);
    RouteDecision d = route(summary, pi().build(), macmini().watts(0).build());
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
    Candidate mac = candidate(d, "macmini");
    assertThat(mac.estimatedJoules()).isNull();
    assertThat(mac.score()).isEqualTo(mac.estimatedSeconds()).isLessThan(d.chosen().score());
    assertThat(d.explain()).contains("macmini: est 0.5").contains("energy unknown (ranked after nodes with known watts)");
  }

  @Test
  void greenestWithNoWattsKnownRanksBySeconds() {
    RouteDecision d = route(SHORT_EMBED.withObjective(Objective.GREENEST),
        pi().power(null).build(), macmini().watts(0).build());
    assertThat(d.chosen().nodeId()).isEqualTo("macmini");
    assertThat(d.chosen().score()).isEqualTo(d.chosen().estimatedSeconds());
  }

  @Test
  void balancedScoreSumsTimeAndEnergyEachOverTheBest() {
    RouteDecision d = Router.route(LONG_DRAFT.withObjective(Objective.BALANCED), Household.all(), Set.of());
    double macSeconds = 0.25 + 12.8;
    double piSeconds = 2.5 + 64;
    assertThat(d.chosen().nodeId()).isEqualTo("macmini");
    assertThat(d.chosen().score()).isCloseTo(1 + 30 * macSeconds / (5 * piSeconds), within(1e-9));
    assertThat(candidate(d, "pi").score()).isCloseTo(piSeconds / macSeconds + 1, within(1e-9));
  }

  @Test
  void balancedFollowsEnergyWhenTimeGapIsSmallWhileFastestStillFollowsTime() {
    List<NodeAdvert> adverts = List.of(pi().build(), macmini().backlog(50).build());
    assertThat(Router.route(LONG_DRAFT, adverts, Set.of()).chosen().nodeId()).isEqualTo("macmini");
    assertThat(Router.route(LONG_DRAFT.withObjective(Objective.BALANCED), adverts, Set.of()).chosen().nodeId())
        .isEqualTo("pi");
  }

  @Test
  void balancedPicksNodeBetweenFastestAndGreenest() {
    NodeAdvert laptop = new Household.Node("laptop", 8, 16 * Household.GIB, 23)
        .models(qwen(1000, 36).build()).build();
    List<NodeAdvert> adverts = List.of(pi().build(), macmini().build(), laptop);
    assertThat(chosen(LONG_DRAFT, adverts)).isEqualTo("macmini");
    assertThat(chosen(LONG_DRAFT.withObjective(Objective.GREENEST), adverts)).isEqualTo("pi");
    assertThat(chosen(LONG_DRAFT.withObjective(Objective.BALANCED), adverts)).isEqualTo("laptop");
  }

  @Test
  void balancedFallsBackToTimeAloneWhenAnyWattsAreUnknown() {
    RouteDecision d = route(LONG_DRAFT.withObjective(Objective.BALANCED), pi().watts(0).build(), macmini().build());
    assertThat(d.chosen().nodeId()).isEqualTo("macmini");
    assertThat(d.chosen().score()).isEqualTo(1.0);
    assertThat(candidate(d, "pi").score()).isCloseTo(66.5 / 13.05, within(1e-9));
  }

  @Test
  void busyMacminiLosesToIdlePi() {
    RouteDecision d = route(LONG_DRAFT, pi().build(), macmini().backlog(60).build());
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
    assertThat(candidate(d, "macmini").estimatedSeconds()).isCloseTo(60 + 13.05, within(1e-9));
  }

  @Test
  void negativeBacklogCountsAsIdleNotAsCredit() {
    RouteDecision d = route(LONG_DRAFT, macmini().backlog(-100).build());
    assertThat(d.chosen().estimatedSeconds()).isCloseTo(13.05, within(1e-9));
  }

  @Test
  void nodeCandidateIsItsBestEligibleModel() {
    NodeAdvert node = pi().models(new Household.Model("slow").speeds(100, 5).build(),
        new Household.Model("quick").speeds(1000, 50).build(), new Household.Model("slower").speeds(50, 2).build())
        .build();
    RouteDecision d = route(LONG_DRAFT, node);
    assertThat(d.candidates()).hasSize(1);
    assertThat(d.chosen().modelId()).isEqualTo("quick");
    assertThat(d.chosen().estimatedSeconds()).isCloseTo(0.5 + 512 / 50.0, within(1e-9));
  }

  @Test
  void equalScoresGoToLowerBacklogBeforeLowerId() {
    // alpha: 1 s queued + 100 tokens at 100/s; zeta: idle, 100 tokens at 50/s: both exactly 2 s.
    NodeAdvert alpha = pi().id("alpha").backlog(1).models(embedder(100)).build();
    NodeAdvert zeta = pi().id("zeta").models(embedder(50)).build();
    RouteRequest embed = request(TaskKind.EMBED, 100, 0, Objective.FASTEST);
    assertThat(route(embed, alpha, zeta).chosen().nodeId()).isEqualTo("zeta");
    assertThat(route(embed, zeta, alpha).chosen().nodeId()).isEqualTo("zeta");
  }

  @Test
  void equalScoresAndBacklogGoToLowerNodeIdWhateverTheOrder() {
    NodeAdvert b = pi().id("b-pi").build();
    NodeAdvert a = pi().id("a-pi").build();
    assertThat(route(LONG_DRAFT, b, a).chosen().nodeId()).isEqualTo("a-pi");
    assertThat(route(LONG_DRAFT, a, b)).isEqualTo(route(LONG_DRAFT, b, a));
  }

  @Test
  void candidatesListEligibleBestFirstThenExcludedById() {
    RouteDecision d = route(LONG_DRAFT, pi().build(), imac().build(), macmini().build(),
        pi().id("attic").state(NodeState.DRAINING).build());
    assertThat(d.candidates()).extracting(Candidate::nodeId).containsExactly("macmini", "pi", "attic", "imac");
    assertThat(d.candidates().get(0)).isEqualTo(d.chosen());
  }

  @Test
  void routesNowhereWhenNoNodeHasAdvertised() {
    RouteDecision d = Router.route(LONG_DRAFT, List.of(), Set.of());
    assertThat(d.routable()).isFalse();
    assertThat(d.chosen()).isNull();
    assertThat(d.candidates()).isEmpty();
    assertThat(Router.route(LONG_DRAFT, null, null)).isEqualTo(d);
  }

  @Test
  void skipsNullAdvertsAndReadsNullVisitedAsNone() {
    RouteDecision d = Router.route(LONG_DRAFT, Arrays.asList(null, pi().build()), null);
    assertThat(d.chosen().nodeId()).isEqualTo("pi");
  }

  @Test
  void keepsOnlyTheNewestAdvertOfANode() {
    NodeAdvert old = pi().state(NodeState.DRAINING).sequence(1).build();
    NodeAdvert fresh = pi().sequence(2).build();
    assertThat(route(LONG_DRAFT, old, fresh).candidates()).singleElement()
        .satisfies(c -> assertThat(c.eligible()).isTrue());
    assertThat(route(LONG_DRAFT, fresh, old)).isEqualTo(route(LONG_DRAFT, old, fresh));
  }

  private static String chosen(RouteRequest r, List<NodeAdvert> adverts) {
    return Router.route(r, adverts, Set.of()).chosen().nodeId();
  }

  private static ModelInfo embedder(double prefill) {
    return new Household.Model("embedder").kinds(List.of(TaskKind.EMBED)).speeds(prefill, 0).build();
  }
}
