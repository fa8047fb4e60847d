package dev.mesh.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code remotes:} and the routing keys for them: read as written, wrong values stopped naming the key. */
class RemotesConfigTest {
  private static final String CLOUD = "remotes:\n  - name: cloud\n    api: openai\n    url: https://llm.example.com/v1\n"
      + "    network: cloud\n    apiKeyEnv: CLOUD_API_KEY\n    costPerMillionTokens: {input: 0.3, output: 1.2}\n"
      + "    models: [{id: big-writer, kinds: [chat, generate], tier: heavy}, small-one]\n";
  @TempDir Path dir;

  private NodeConfig load(String yaml) throws IOException {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader("box", Map.of()).load(file, List.of());
  }

  @Test
  void aRemoteIsReadWithItsModelsAsMappingsOrBareNames() throws IOException {
    RemoteConfig r = load(CLOUD).remotes().get(0);
    assertThat(r.name()).isEqualTo("cloud");
    assertThat(r.concurrencyOrDefault()).as("cloud default").isEqualTo(RemoteConfig.DEFAULT_CLOUD_CONCURRENCY);
    assertThat(r.timeoutOrDefault()).isEqualTo(RemoteConfig.DEFAULT_TIMEOUT_MS);
    assertThat(r.models()).extracting(RemoteModelConfig::id).containsExactly("big-writer", "small-one");
    assertThat(r.models().get(0).tier()).isEqualTo("heavy");
    assertThat(r.models().get(1).contextOrDefault()).isEqualTo(RemoteModelConfig.DEFAULT_CONTEXT);
    assertThat(r.costPerMillionTokens().output()).isEqualTo(1.2);
  }

  @Test
  void theRoutingDefaultsKeepEmbeddingsHomeAndDegradeLocally() throws IOException {
    RoutingConfig routing = load("name: a\n").routing();
    assertThat(routing.localOnlyKinds()).containsExactly("embed");
    assertThat(routing.fallback()).isEqualTo("local");
    assertThat(routing.cloudDailyTokens()).isZero();
    assertThat(routing.policy()).isEqualTo("router");
  }

  @Test
  void aBaselineRoutingPolicyIsTakenAndAnUnknownOneRefusedNamingTheChoices() throws IOException {
    assertThat(load("routing: {policy: least-busy}\n").routing().policy()).isEqualTo("least-busy");
    assertRefused("routing: {policy: random}\n",
        "routing.policy: must be router, round-robin, least-busy (the last two are baselines for benchmarks), was 'random'");
  }

  @Test
  void wrongValuesStopTheNodeNamingTheKey() {
    assertRefused(CLOUD.replace("api: openai", "api: anthropic"), "remotes[0].api: must be one of ollama, openai");
    assertRefused(CLOUD.replace("network: cloud", "network: moon"), "remotes[0].network: must be one of");
    assertRefused(CLOUD.replace("https://llm.example.com/v1", "https://me:secret@llm.example.com/v1"),
        "remotes[0].url: must be an http:// or https:// URL with a host and no user info");
    assertRefused(CLOUD.replace("https://llm.example.com/v1", "ftp://x"), "remotes[0].url");
    assertRefused(CLOUD.replace("apiKeyEnv: CLOUD_API_KEY", "apiKeyEnv: CLOUD_API_KEY\n    apiKeyFile: /k"),
        "remotes[0]: set at most one of apiKeyEnv and apiKeyFile");
    assertRefused(CLOUD.replace("small-one", "big-writer"), "remotes[0].models[1].id: 'big-writer' already names");
    assertRefused(CLOUD.replace("kinds: [chat, generate]", "kinds: [chat, dance]"),
        "remotes[0].models[0].kinds[1]: 'dance' is not a task kind");
    assertRefused(CLOUD + CLOUD.substring("remotes:\n".length()), "remotes[1].name: 'cloud' is used twice");
    assertRefused("routing: {fallback: pray}\n", "routing.fallback: must be local, wait");
    assertRefused("routing: {localOnlyKinds: [embed, dream]}\n", "routing.localOnlyKinds[1]: 'dream'");
    assertRefused("routing: {cloudDailyTokens: -1}\n", "routing.cloudDailyTokens: must not be negative");
  }

  @Test
  void theErrorNeverEchoesAUrlsPassword() {
    assertThatThrownBy(() -> load(CLOUD.replace("https://llm.example.com/v1", "https://me:hunter2@llm.example.com")))
        .hasMessageNotContaining("hunter2");
  }

  private void assertRefused(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
  }
}
