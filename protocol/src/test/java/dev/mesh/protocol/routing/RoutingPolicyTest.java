package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.pi;
import static dev.mesh.protocol.routing.Household.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.task.TaskKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The baselines the router is benchmarked against pick among the router's eligible nodes only. */
class RoutingPolicyTest {
  private static final RouteRequest CHAT = request(TaskKind.CHAT, 20, 48, Objective.FASTEST);
  private final NodeAdvert fast = pi().id("a-fast").models(new Household.Model("m").speeds(5000, 5000).build())
      .load(new Load(1, 5, 1, 0.2)).build();
  private final NodeAdvert slow = pi().id("b-slow").models(new Household.Model("m").speeds(100, 100).build())
      .load(new Load(0, 0, 1, 0)).build();
  private final NodeAdvert draining = pi().id("c-out").state(dev.mesh.protocol.advert.NodeState.DRAINING).build();
  private final List<NodeAdvert> all = List.of(fast, slow, draining);

  private String chosenBy(RoutingPolicy policy, long turn) {
    return policy.choose(Router.route(CHAT, all, Set.of()), all, turn).chosen().nodeId();
  }

  @Test
  void routerKeepsTheLowestEstimate() {
    assertThat(chosenBy(RoutingPolicy.ROUTER, 1)).isEqualTo("a-fast");
  }

  @Test
  void roundRobinTakesEachEligibleNodeInTurnAndNeverOneThatIsOut() {
    assertThat(List.of(chosenBy(RoutingPolicy.ROUND_ROBIN, 0), chosenBy(RoutingPolicy.ROUND_ROBIN, 1),
        chosenBy(RoutingPolicy.ROUND_ROBIN, 2))).containsExactly("a-fast", "b-slow", "a-fast");
  }

  @Test
  void leastBusyTakesTheNodeWithFewestTasksWhateverItsSpeed() {
    assertThat(chosenBy(RoutingPolicy.LEAST_BUSY, 0)).isEqualTo("b-slow");
  }

  @Test
  void parsesItsWireNamesAndNamesThemWhenRefusing() {
    assertThat(RoutingPolicy.parse("Round-Robin")).isEqualTo(RoutingPolicy.ROUND_ROBIN);
    assertThat(RoutingPolicy.LEAST_BUSY.wire()).isEqualTo("least-busy");
    assertThatThrownBy(() -> RoutingPolicy.parse("random")).hasMessage(
        "unknown routing policy 'random'; expected one of router, round-robin, least-busy");
  }
}
