package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.pi;
import static dev.mesh.protocol.routing.Household.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A burst routed faster than adverts arrive: each task is reserved on the node it went to (as the dispatcher does),
 * so the next one's estimate counts it — the case of a 48-token chat at 5,900 vs 138 tok/s.
 */
class BurstEstimateTest {
  private static final RouteRequest CHAT = request(TaskKind.CHAT, 0, 48, Objective.FASTEST);
  /** Full fixed cost of a task, and the part of it that holds the engine (the result is stored during the next). */
  private static final double OVERHEAD = 0.030;
  private static final double TURN = 0.010;

  private static NodeAdvert node(String id, double decode, Double turn) {
    return pi().id(id).models(new Household.Model("m").speeds(1e9, decode).build())
        .load(new Load(0, 0, 1, 0, OVERHEAD, null, turn)).build();
  }

  @Test
  void aTaskSentHereAddsItsRunAndOnlyTheOverheadThatHoldsTheEngine() {
    Load load = new Load(1, 2, 1, 0.5, OVERHEAD, null, TURN);
    assertThat(load.addedBy(0.5 + OVERHEAD + 0.2, Priority.NORMAL)).isCloseTo(TURN + 0.2, within(1e-12));
    Load older = new Load(1, 2, 1, 0.5, OVERHEAD, null, null); // does not say: all of it counts
    assertThat(older.addedBy(0.5 + OVERHEAD + 0.2, Priority.NORMAL)).isCloseTo(OVERHEAD + 0.2, within(1e-12));
  }

  @Test
  void eachTaskOfABurstWaitsBehindTheOnesSentBeforeIt() {
    List<Double> fastEstimates = new ArrayList<>();
    Map<String, Integer> sent = burst(60, TURN, fastEstimates);
    double perTask = TURN + 48 / 5900.0;
    // the k-th task on the fast node waits for the k-1 before it, each holding the engine for its turn
    for (int k = 1; k < fastEstimates.size(); k++) {
      assertThat(fastEstimates.get(k)).isCloseTo(k * perTask + OVERHEAD + 48 / 5900.0, within(1e-9));
    }
    // 60 x 18 ms is 1.09 s on the fast node; a chat on the slow one takes 0.38 s: only once the fast queue is
    // longer is it worth sending one there
    assertThat(sent.get("slow")).isBetween(1, 3);
  }

  @Test
  void countingTheWholeOverheadPerQueuedTaskSendsMoreToTheSlowNode() {
    // an older node that does not say what holds its engine: 30 ms per queued task instead of 10
    assertThat(burst(60, null, new ArrayList<>()).get("slow")).isGreaterThan(burst(60, TURN, new ArrayList<>())
        .get("slow"));
  }

  @Test
  void aKindThatTookLongerThanItsTokensSayIsEstimatedAtWhatItTook() {
    ModelInfo m = new Household.Model("m").speeds(100, 10).build();
    ModelInfo measured = new ModelInfo(m.id(), m.file(), m.architecture(), m.parameters(), m.quantization(),
        m.contextLength(), m.kinds(), m.estimatedRamBytes(), m.prefillTokensPerSecond(), m.decodeTokensPerSecond(),
        m.samples(), m.synthetic(), m.loaded(), m.residentBytes(), m.aliases(), m.tier(), m.loadable(),
        m.loadSeconds(), m.remote(), Map.of("classify", 4.0));
    NodeAdvert node = pi().id("n").models(measured).load(new Load(0, 0, 1, 0, OVERHEAD)).build();
    RouteRequest label = request(TaskKind.CLASSIFY, 50, 24, Objective.FASTEST);
    assertThat(Router.route(label, List.of(node), Set.of()).chosen().estimatedSeconds())
        .isCloseTo(OVERHEAD + 4 * (50 / 100.0 + 24 / 10.0), within(1e-9));
    // a kind it has no factor for is estimated by its speeds alone
    assertThat(Router.route(CHAT, List.of(node), Set.of()).chosen().estimatedSeconds())
        .isCloseTo(OVERHEAD + 48 / 10.0, within(1e-9));
  }

  /** Routes {@code n} chats with no advert arriving meanwhile; returns how many went where. */
  private static Map<String, Integer> burst(int n, Double turn, List<Double> fastEstimates) {
    Map<String, NodeAdvert> nodes = new HashMap<>(Map.of("fast", node("fast", 5900, turn), "slow",
        node("slow", 138, turn)));
    Map<String, Integer> sent = new HashMap<>(Map.of("fast", 0, "slow", 0));
    for (int i = 0; i < n; i++) {
      RouteDecision d = Router.route(CHAT, nodes.values(), Set.of());
      String id = d.chosen().nodeId();
      if (id.equals("fast")) {
        fastEstimates.add(d.chosen().estimatedSeconds());
      }
      Load load = nodes.get(id).load();
      nodes.put(id, nodes.get(id).withLoad(load.withUnseen(1, load.addedBy(d.chosen().estimatedSeconds(),
          Priority.NORMAL)), nodes.get(id).timestamp()));
      sent.merge(id, 1, Integer::sum);
    }
    return sent;
  }
}
