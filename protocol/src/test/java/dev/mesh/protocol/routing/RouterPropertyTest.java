package dev.mesh.protocol.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.advert.Power;
import dev.mesh.protocol.task.TaskKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Invariants of {@link Router#route} over seeded random households; a failure prints its seed. */
class RouterPropertyTest {
  private static final int CASES = 2000;
  private static final long GIB = Household.GIB;
  private static final List<String> NODE_IDS = List.of("pi", "imac", "macmini", "nas", "laptop", "attic", "tv");
  private static final List<String> MODEL_IDS = List.of("qwen", "minilm", "phi", "stories");
  private static final List<String> FAMILIES = List.of("llama", "qwen2", "QW", "bert");

  @Test
  void chosenBeatsEveryEligibleCandidateIsNeverExcludedOrVisitedAndIgnoresAdvertOrder() {
    Random seeds = new Random(20260301L);
    int routable = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = seeds.nextLong();
      Random r = new Random(seed);
      List<NodeAdvert> adverts = adverts(r);
      RouteRequest request = request(r);
      Set<String> visited = new HashSet<>();
      NODE_IDS.stream().filter(id -> r.nextInt(10) == 0).forEach(visited::add);

      RouteDecision d = Router.route(request, adverts, visited);
      String why = "seed " + seed + ", " + request + ": " + d.explain();
      checkOneCandidatePerNode(d, adverts, visited, why);
      checkChosenIsBest(d, why);
      checkChosenIsCapable(d, request, adverts, visited, why);
      List<NodeAdvert> shuffled = new ArrayList<>(adverts);
      Collections.shuffle(shuffled, r);
      assertThat(Router.route(request, shuffled, visited)).as(why).isEqualTo(d);
      routable += d.routable() ? 1 : 0;
    }
    // Both outcomes must be common, or the random households test too little.
    assertThat(routable).isBetween(CASES / 5, CASES - CASES / 10);
  }

  private static void checkOneCandidatePerNode(RouteDecision d, List<NodeAdvert> adverts, Set<String> visited,
      String why) {
    Set<String> ids = adverts.stream().map(NodeAdvert::id).collect(Collectors.toSet());
    assertThat(d.candidates()).as(why).extracting(Candidate::nodeId).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(ids);
    for (Candidate c : d.candidates()) {
      if (visited.contains(c.nodeId())) {
        assertThat(c.excludedBy()).as(why).isEqualTo("already visited (no revisits)");
      }
      if (c.eligible()) {
        assertThat(c.score()).as(why).isNotNull().isNotNaN();
        assertThat(c.estimatedSeconds()).as(why).isNotNull().isFinite().isNotNegative();
      } else {
        assertThat(c.excludedBy()).as(why).isNotBlank();
        assertThat(c.score()).as(why).isNull();
      }
    }
    assertThat(d.routable()).as(why).isEqualTo(d.candidates().stream().anyMatch(Candidate::eligible));
  }

  private static void checkChosenIsBest(RouteDecision d, String why) {
    if (!d.routable()) {
      return;
    }
    Candidate chosen = d.chosen();
    assertThat(d.candidates().get(0)).as(why).isEqualTo(chosen);
    for (Candidate c : d.candidates()) {
      if (!c.eligible()) {
        continue;
      }
      int chosenTier = tier(d.objective(), chosen);
      assertThat(chosenTier).as(why).isLessThanOrEqualTo(tier(d.objective(), c));
      if (chosenTier == tier(d.objective(), c)) {
        assertThat(chosen.score()).as(why + "; against " + c).isLessThanOrEqualTo(c.score());
      }
    }
  }

  // Under greenest, unknown watts rank after known ones whatever the score (seconds, not joules).
  private static int tier(Objective objective, Candidate c) {
    return objective == Objective.GREENEST && c.estimatedJoules() == null ? 1 : 0;
  }

  /** Checked from the advert itself, not from the router's own reasons. */
  private static void checkChosenIsCapable(RouteDecision d, RouteRequest request, List<NodeAdvert> adverts,
      Set<String> visited, String why) {
    if (!d.routable()) {
      return;
    }
    NodeAdvert node = newest(adverts).get(d.chosen().nodeId());
    assertThat(visited).as(why).doesNotContain(node.id());
    assertThat(node.state()).as(why).isIn(NodeState.UP, NodeState.DEGRADED);
    assertThat(node.engine()).as(why).isNotNull().extracting(LocalEngine::available).isEqualTo(true);
    assertThat(node.memory()).as(why).isNotNull();
    assertThat(node.models()).as(why).anySatisfy(m -> {
      assertThat(m.id()).isEqualTo(d.chosen().modelId());
      assertThat(m.loaded()).isTrue();
      assertThat(m.kinds()).contains(request.kind());
      assertThat((long) m.contextLength()).isGreaterThanOrEqualTo(request.neededContext());
      assertThat(m.prefillTokensPerSecond()).isPositive();
      if (request.model() != null) {
        assertThat(m.id()).isEqualTo(request.model());
      }
    });
  }

  private static Map<String, NodeAdvert> newest(List<NodeAdvert> adverts) {
    return adverts.stream().collect(Collectors.toMap(NodeAdvert::id, Function.identity(),
        (a, b) -> a.sequence() >= b.sequence() ? a : b));
  }

  private static RouteRequest request(Random r) {
    TaskKind kind = pick(r, List.of(TaskKind.values()));
    int maxTokens = kind == TaskKind.EMBED ? 0 : r.nextInt(1025);
    String model = r.nextInt(7) == 0 ? pick(r, MODEL_IDS) : null;
    String family = r.nextInt(10) == 0 ? pick(r, FAMILIES) : null;
    int minContext = r.nextInt(4) == 0 ? r.nextInt(9000) : 0;
    return new RouteRequest(kind, model, family, 1 + r.nextInt(3000), maxTokens, minContext, r.nextBoolean(),
        pick(r, List.of(Objective.values())));
  }

  private static List<NodeAdvert> adverts(Random r) {
    List<String> ids = new ArrayList<>(NODE_IDS);
    Collections.shuffle(ids, r);
    List<NodeAdvert> adverts = new ArrayList<>();
    for (String id : ids.subList(0, r.nextInt(ids.size() + 1))) {
      adverts.add(advert(r, id, 1 + r.nextInt(3)));
      if (r.nextInt(10) == 0) {
        adverts.add(advert(r, id, 10 + r.nextInt(3))); // a newer publication of the same node
      }
    }
    return adverts;
  }

  private static NodeAdvert advert(Random r, String id, long sequence) {
    Household.Node node = new Household.Node(id, 4, 16 * GIB, 0)
        .state(rarely(r, pick(r, List.of(NodeState.UP, NodeState.UP, NodeState.DEGRADED, NodeState.DRAINING))))
        .engine(rarely(r, r.nextInt(8) == 0 ? LocalEngine.unavailable("cpu lacks avx2") : new LocalEngine(true, null, "x")))
        .memory(rarely(r, new Memory(16 * GIB, (long) (r.nextDouble() * 8 * GIB), (long) (r.nextDouble() * GIB))))
        .load(rarely(r, new Load(0, 0, 1, oddly(r, r.nextDouble() * 60))))
        .power(rarely(r, new Power(0, r.nextInt(4) == 0 ? 0 : oddly(r, 1 + r.nextInt(150)))))
        .sequence(sequence);
    ModelInfo[] models = new ModelInfo[r.nextInt(4)];
    for (int i = 0; i < models.length; i++) {
      models[i] = model(r);
    }
    return node.models(models).build();
  }

  private static ModelInfo model(Random r) {
    List<TaskKind> kinds = new ArrayList<>(List.of(TaskKind.values()));
    kinds.removeIf(k -> r.nextInt(3) == 0);
    long ram = (long) (r.nextDouble() * 6 * GIB);
    return new Household.Model(pick(r, MODEL_IDS)).architecture(pick(r, FAMILIES)).kinds(kinds)
        .context(pick(r, List.of(512, 2048, 4096, 8192))).ram(ram, r.nextBoolean() ? ram : (long) (r.nextDouble() * ram))
        .speeds(oddly(r, 1 + r.nextDouble() * 5000), oddly(r, 0.5 + r.nextDouble() * 100))
        .loaded(r.nextInt(10) != 0).build();
  }

  /** Null one time in twenty: optional advert parts go missing. */
  private static <T> T rarely(Random r, T value) {
    return r.nextInt(20) == 0 ? null : value;
  }

  /** A measured value, or now and then zero, negative or NaN. */
  private static double oddly(Random r, double value) {
    return switch (r.nextInt(20)) {
      case 0 -> 0;
      case 1 -> -value;
      case 2 -> Double.NaN;
      default -> value;
    };
  }

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }
}
