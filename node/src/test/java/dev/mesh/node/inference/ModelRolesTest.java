package dev.mesh.node.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.config.ModelConfig;
import dev.mesh.protocol.task.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelRolesTest {
  private static final ModelConfig PLAIN = new ModelConfig("/m/x.gguf", null, null);

  @Test
  void anEmbeddingOnlyModelServesEmbedByDefault() {
    assertThat(ModelRoles.of(PLAIN, "nomic-bert", false).kinds()).containsExactly(TaskKind.EMBED);
    assertThat(ModelRoles.of(PLAIN, "bert", true).kinds()).containsExactly(TaskKind.EMBED);
  }

  @Test
  void aDecoderServesEveryKindButLeavesEmbedToAnEmbeddingModelOnTheNode() {
    assertThat(ModelRoles.of(PLAIN, "llama", false).kinds()).containsExactly(TaskKind.values());
    assertThat(ModelRoles.of(PLAIN, "qwen2", true).kinds()).doesNotContain(TaskKind.EMBED)
        .contains(TaskKind.CHAT, TaskKind.SCORE);
  }

  @Test
  void theConfigsKindsAliasesAndTierWin() {
    ModelRoles roles = ModelRoles.of(new ModelConfig("/m/x.gguf", "x", null, List.of("score", "classify"),
        List.of("triage"), "light"), "llama", false);
    assertThat(roles.kinds()).containsExactly(TaskKind.SCORE, TaskKind.CLASSIFY);
    assertThat(roles.aliases()).containsExactly("triage");
    assertThat(roles.advertisedTier()).isEqualTo("light");
    assertThat(ModelRoles.of(PLAIN, "llama", false).advertisedTier()).isNull();
  }
}
