package dev.mesh.protocol.routing;

import static dev.mesh.protocol.routing.Household.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.QueuedByPriority;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A task waits behind the work of its own class and above: the backlog routing counts for it is that, not all. */
class RouterPriorityTest {
  /** The macmini runs a task with 0.5 s left and holds 1 s of normal and 18.5 s of batch work: 20 s in all. */
  private static final QueuedByPriority QUEUED = QueuedByPriority.NONE
      .plus(Priority.NORMAL, 1.0).plus(Priority.BATCH, 9.0).plus(Priority.BATCH, 9.5);
  private static final RouteRequest EMBED = request(TaskKind.EMBED, 200, 0, Objective.FASTEST);

  private static RouteRequest embed(Priority priority) {
    return new RouteRequest(EMBED.kind(), null, null, EMBED.promptTokens(), 0, 0, false, Objective.FASTEST, null,
        false, priority);
  }

  private static NodeAdvert busyMacmini(QueuedByPriority byPriority) {
    return Household.macmini().load(new Load(1, 3, 1, 20.0, 0, byPriority)).build();
  }

  private static Candidate macmini(RouteDecision d) {
    return d.candidates().stream().filter(c -> c.nodeId().equals("macmini")).findFirst().orElseThrow();
  }

  @Test
  void anInteractiveTaskIsEstimatedBehindTheRunningTaskNotTheBatchBacklog() {
    RouteDecision d = Router.route(embed(Priority.INTERACTIVE), List.of(Household.pi().build(), busyMacmini(QUEUED)),
        Set.of());
    assertThat(macmini(d).estimatedSeconds()).isCloseTo(0.5 + 200 / 4000.0, within(1e-9));
  }

  @Test
  void aNormalTaskCountsTheNormalWorkAheadOfItButNotTheBatch() {
    RouteDecision d = Router.route(embed(Priority.NORMAL), List.of(busyMacmini(QUEUED)), Set.of());
    assertThat(macmini(d).estimatedSeconds()).isCloseTo(1.5 + 200 / 4000.0, within(1e-9));
  }

  @Test
  void aBatchTaskCountsTheWholeBacklog() {
    RouteDecision d = Router.route(embed(Priority.BATCH), List.of(busyMacmini(QUEUED)), Set.of());
    assertThat(macmini(d).estimatedSeconds()).isCloseTo(20.0 + 200 / 4000.0, within(1e-9));
  }

  @Test
  void aBusyNodeWinsAnInteractiveTaskItsBatchBacklogWouldHaveLost() {
    NodeAdvert slowPi = Household.pi().load(new Load(0, 0, 1, 1.0)).build(); // 1 s + 0.2 s on the pi
    List<NodeAdvert> both = List.of(slowPi, busyMacmini(QUEUED));
    assertThat(Router.route(embed(Priority.INTERACTIVE), both, Set.of()).chosen().nodeId()).isEqualTo("macmini");
    assertThat(Router.route(embed(Priority.BATCH), both, Set.of()).chosen().nodeId()).isEqualTo("pi");
  }

  @Test
  void aNodeThatDoesNotSplitItsBacklogCountsAllOfItForEveryClass() {
    RouteDecision d = Router.route(embed(Priority.INTERACTIVE), List.of(busyMacmini(null)), Set.of());
    assertThat(macmini(d).estimatedSeconds()).isCloseTo(20.0 + 200 / 4000.0, within(1e-9));
  }

  @Test
  void aRequestCarriesItsPriorityIntoRoutingNormalWhenItSaysNone() {
    assertThat(RouteRequest.of(TaskRequest.embed("x").withPriority(Priority.BATCH), Objective.FASTEST).priority())
        .isEqualTo(Priority.BATCH);
    assertThat(RouteRequest.of(TaskRequest.embed("x"), Objective.FASTEST).priority()).isEqualTo(Priority.NORMAL);
    assertThat(embed(Priority.INTERACTIVE).anyModel().priority()).isEqualTo(Priority.INTERACTIVE);
  }
}
