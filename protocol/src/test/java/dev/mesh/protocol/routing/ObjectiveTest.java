package dev.mesh.protocol.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.protocol.json.MeshJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectiveTest {
  private final ObjectMapper json = MeshJson.mapper();

  @ParameterizedTest
  @CsvSource({"fastest, FASTEST", "GREENEST, GREENEST", "Balanced, BALANCED"})
  void parsesWireNamesIgnoringCase(String name, Objective expected) {
    assertThat(Objective.parse(name)).isEqualTo(expected);
  }

  @Test
  void refusesUnknownNameListingTheValidOnes() {
    assertThatThrownBy(() -> Objective.parse("cheapest")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown objective 'cheapest'; expected one of fastest, greenest, balanced");
    assertThatThrownBy(() -> Objective.parse(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective is missing; expected one of fastest, greenest, balanced");
  }

  @Test
  void isLowercaseOnTheWire() throws Exception {
    assertThat(json.writeValueAsString(Objective.GREENEST)).isEqualTo("\"greenest\"");
    assertThat(json.readValue("\"balanced\"", Objective.class)).isEqualTo(Objective.BALANCED);
    assertThatThrownBy(() -> json.readValue("\"cheapest\"", Objective.class))
        .hasMessageContaining("expected one of fastest, greenest, balanced");
  }
}
