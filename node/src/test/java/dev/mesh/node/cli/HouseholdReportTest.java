package dev.mesh.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.RouteNote;
import dev.mesh.protocol.task.RouteNote.Out;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HouseholdReportTest {
  @Test
  void whyNamesTheObjectiveAndEachOtherNodeByEstimateOrCodesWithoutReadingTheSentence() {
    RouteNote note = new RouteNote("fastest", List.of(
        new RouteNote.Option("pi", 0.06, true, Set.of()),
        new RouteNote.Option("macmini", 0.123, false, Set.of()),
        new RouteNote.Option("imac", null, false, Set.of(Out.NO_LOCAL_ENGINE)),
        new RouteNote.Option("attic", null, false, Set.of(Out.NOT_LOADED, Out.CONTEXT_TOO_SMALL))));
    assertThat(HouseholdReport.why(note))
        .isEqualTo("fastest (macmini 0.12 s; imac: no local engine; attic: context too small, not loaded)");
  }

  @Test
  void whyOfAnUnroutedRecordIsEmpty() {
    assertThat(HouseholdReport.why(null)).isEmpty();
  }
}
