package dev.mesh.node.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.node.config.HookTaskConfig;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookMappingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HookTaskConfig classify(String prompt) {
    return new HookTaskConfig("classify", null, prompt, null, List.of("relevant", "noise"), null, null);
  }

  @Test
  void oneTaskPerElementInOrderWithTheTemplateFilledFromEach() throws Exception {
    HookMapping m = HookMapping.compile("hooks[0]", "/items", classify("Paper: {/title} ({/year}) {{tag}}"));
    JsonNode payload = JSON.readTree("{\"items\":[{\"title\":\"A\",\"year\":2024},{\"title\":\"B\",\"year\":2025}]}");

    List<TaskRequest> tasks = m.map(payload);

    assertThat(tasks).extracting(TaskRequest::prompt).containsExactly("Paper: A (2024) {tag}", "Paper: B (2025) {tag}");
    assertThat(tasks).allSatisfy(t -> assertThat(t.kind()).isEqualTo(TaskKind.CLASSIFY));
    assertThat(m.many()).isTrue();
  }

  @Test
  void withoutEachTheWholePayloadIsOneTaskAndObjectsGoInAsJson() throws Exception {
    HookMapping m = HookMapping.compile("hooks[0]", null,
        new HookTaskConfig("summarize", null, "Log: {/lines}", null, null, null, null));
    assertThat(m.map(JSON.readTree("{\"lines\":[\"a\",\"b\"]}"))).extracting(TaskRequest::prompt)
        .containsExactly("Log: [\"a\",\"b\"]");
  }

  @Test
  void aMissingFieldNamesWhereInThePayload() throws Exception {
    HookMapping m = HookMapping.compile("hooks[0]", "/items", classify("{/title}"));
    assertThatThrownBy(() -> m.map(JSON.readTree("{\"items\":[{\"title\":\"A\"},{\"name\":\"B\"}]}")))
        .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.field()).isEqualTo("/items/1/title"))
        .hasMessage("the payload has no value at /items/1/title");
    assertThatThrownBy(() -> m.map(JSON.readTree("{\"items\":{}}")))
        .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.field()).isEqualTo("/items"))
        .hasMessage("expected an array at /items, found object");
    assertThatThrownBy(() -> m.map(JSON.readTree("{\"items\":[]}"))).hasMessageContaining("is empty");
  }

  @Test
  void aHooksTasksAreBatchUnlessItsTaskSaysOtherwise() throws Exception {
    JsonNode payload = JSON.readTree("{\"items\":[{\"title\":\"A\"}]}");
    assertThat(HookMapping.compile("hooks[0]", "/items", classify("{/title}")).map(payload))
        .extracting(TaskRequest::priority).containsExactly(Priority.BATCH);
    HookTaskConfig normal = new HookTaskConfig("classify", null, "{/title}", null, List.of("a", "b"), null, null,
        "Normal");
    assertThat(HookMapping.compile("hooks[0]", "/items", normal).map(payload))
        .extracting(TaskRequest::priority).containsExactly(Priority.NORMAL);
  }

  @Test
  void anUnknownPriorityIsRefusedAtCompileTimeNamingTheKeyAndTheClasses() {
    HookTaskConfig urgent = new HookTaskConfig("classify", null, "x", null, List.of("a", "b"), null, null, "urgent");
    assertThatThrownBy(() -> HookMapping.compile("hooks[1]", null, urgent))
        .hasMessage("hooks[1].task.priority: must be one of interactive, normal, batch, was 'urgent'");
  }

  @Test
  void badTemplatesAndKindsAreRefusedAtCompileTimeNamingTheKey() {
    assertThatThrownBy(() -> HookMapping.compile("hooks[2]", null, classify("{title}")))
        .hasMessage("hooks[2].task.prompt: {title} at 0 is not a JSON Pointer (like {/title})");
    assertThatThrownBy(() -> HookMapping.compile("hooks[2]", null, classify("open {/x")))
        .hasMessageStartingWith("hooks[2].task.prompt: '{' at 5 is not closed");
    assertThatThrownBy(() -> HookMapping.compile("hooks[2]", null,
        new HookTaskConfig("dance", null, "x", null, null, null, null))).hasMessageStartingWith("hooks[2].task.kind:");
    assertThatThrownBy(() -> HookMapping.compile("hooks[2]", "items", classify("x")))
        .hasMessageStartingWith("hooks[2].each: must be a JSON Pointer");
  }
}
