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

class ConfigLoaderTest {
  @TempDir Path dir;

  private NodeConfig load(String yaml, Map<String, String> env, String... overrides) throws IOException {
    Path file = null;
    if (yaml != null) {
      file = dir.resolve("node.yaml");
      Files.writeString(file, yaml);
    }
    return new ConfigLoader("box", env).load(file, List.of(overrides));
  }

  @Test
  void defaultsNameTheNodeAfterTheHostAndServeOnLoopback() throws IOException {
    NodeConfig c = load(null, Map.of());
    assertThat(c.name()).isEqualTo("box");
    assertThat(c.dataDir()).isEqualTo("~/.mesh/box");
    assertThat(c.http().host()).isEqualTo("127.0.0.1");
    assertThat(c.cluster().multicast()).isFalse();
    assertThat(c.models()).isEmpty();
  }

  @Test
  void yamlThenEnvironmentThenFlagsEachWin() throws IOException {
    String yaml = "name: pi\nhttp:\n  port: 9000\n  maxBodyBytes: 4096\ncluster:\n  members: [10.0.0.2:5701]\n";
    NodeConfig fromYaml = load(yaml, Map.of());
    assertThat(fromYaml.http().port()).isEqualTo(9000);
    assertThat(fromYaml.http().host()).as("unset keys keep defaults").isEqualTo("127.0.0.1");
    assertThat(fromYaml.cluster().members()).containsExactly("10.0.0.2:5701");

    NodeConfig fromEnv = load(yaml, Map.of("MESH_HTTP_PORT", "9001", "MESH_CLUSTER_MEMBERS", "a:1, b:2"));
    assertThat(fromEnv.http().port()).isEqualTo(9001);
    assertThat(fromEnv.cluster().members()).containsExactly("a:1", "b:2");

    NodeConfig fromFlag = load(yaml, Map.of("MESH_HTTP_PORT", "9001"), "http.port=9002");
    assertThat(fromFlag.http().port()).isEqualTo(9002);
  }

  @Test
  void apiKeysComeAsMappingsOrBareStringsAndFromTheEnvironment() throws IOException {
    String sha = "a".repeat(64);
    NodeConfig c = load("auth:\n  apiKeys:\n    - {name: dashboard, key: read-only-key-123456, role: read}\n"
        + "    - {name: agent, keySha256: " + sha + "}\n    - bare-key-0123456789\n", Map.of());
    assertThat(c.auth().apiKeys()).extracting(ApiKeyConfig::name).containsExactly("dashboard", "agent", null);
    assertThat(c.auth().apiKeys()).extracting(ApiKeyConfig::roleOrDefault).containsExactly("read", "submit", "submit");
    assertThat(c.auth().apiKeys().get(2).key()).isEqualTo("bare-key-0123456789");
    assertThat(c.auth().apiKeys().toString()).as("keys never printed").doesNotContain("read-only-key-123456");

    NodeConfig fromEnv = load(null, Map.of("MESH_AUTH_API_KEYS", "first-key-0123456789,second-key-0123456789"));
    assertThat(fromEnv.auth().apiKeys()).extracting(ApiKeyConfig::key)
        .containsExactly("first-key-0123456789", "second-key-0123456789");
    assertThat(load(null, Map.of()).auth().enabled()).isFalse();
  }

  @Test
  void badApiKeysAreRefusedWithoutEchoingTheKey() {
    assertThatThrownBy(() -> load("auth: {apiKeys: [short]}\n", Map.of()))
        .hasMessageContaining("auth.apiKeys[0].key: must be 16-512 printable characters").hasMessageNotContaining("short");
    assertThatThrownBy(() -> load("auth: {apiKeys: [{key: long-enough-key-123, keySha256: " + "b".repeat(64) + "}]}\n",
        Map.of())).hasMessageContaining("auth.apiKeys[0]: set exactly one of key and keySha256");
    assertThatThrownBy(() -> load("auth: {apiKeys: [{key: long-enough-key-123, role: root}]}\n", Map.of()))
        .hasMessageContaining("auth.apiKeys[0].role: must be read, submit or admin, was 'root'");
    assertThatThrownBy(() -> load("auth: {apiKeys: [{keySha256: xyz}]}\n", Map.of()))
        .hasMessageContaining("auth.apiKeys[0].keySha256: must be 64 hex digits");
    assertThatThrownBy(() -> load("auth: {apiKeys: [{name: a, key: long-enough-key-123}, {name: a, key: "
        + "other-long-key-1234}]}\n", Map.of())).hasMessageContaining("auth.apiKeys[1].name: 'a' is used twice");
  }

  @Test
  void environmentNamesFollowTheKeysInUpperSnakeCase() {
    assertThat(ConfigLoader.envName("cluster.maxNoHeartbeatSeconds")).isEqualTo("MESH_CLUSTER_MAX_NO_HEARTBEAT_SECONDS");
    assertThat(ConfigLoader.envName("dataDir")).isEqualTo("MESH_DATA_DIR");
  }

  @Test
  void readsModelsWithOptionalIdAndContext() throws IOException {
    NodeConfig c = load("models:\n  - path: /m/a.gguf\n  - path: /m/b.gguf\n    id: bee\n    contextTokens: 512\n",
        Map.of());
    assertThat(c.models()).extracting(ModelConfig::id).containsExactly(null, "bee");
    assertThat(c.models().get(1).contextTokens()).isEqualTo(512);
  }

  @Test
  void aNodeServingTheLanNeedsApiKeysUnlessToldItMayBeOpen() throws IOException {
    assertThatThrownBy(() -> load("http: {host: 0.0.0.0}\n", Map.of()))
        .hasMessageContaining("http.host is 0.0.0.0, beyond this machine, but auth.apiKeys is empty")
        .hasMessageContaining("read, submit, admin").hasMessageContaining("http.allowOpen: true");
    assertThat(load("http: {host: 0.0.0.0, allowOpen: true}\n", Map.of()).http().allowOpen()).isTrue();
    assertThat(load("http: {host: 192.168.1.10}\nauth: {apiKeys: [long-enough-key-123]}\n", Map.of()).auth().enabled())
        .isTrue();
    assertThat(load("http: {host: localhost}\n", Map.of()).http().loopbackOnly()).isTrue();
  }

  @Test
  void aMeshKeySettingIsCheckedAndABadKeyFileNamedWithoutItsContent(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    assertThatThrownBy(() -> load("security: {previousKeyFile: /x}\n", Map.of()))
        .hasMessageContaining("security.previousKeyFile: set only beside security.meshKeyFile");
    assertThatThrownBy(() -> load("security: {meshKeyFile: /k, previousKeyFile: /x, previousKeyUntil: tomorrow}\n",
        Map.of())).hasMessageContaining("security.previousKeyUntil: must be an ISO-8601 instant");
    assertThatThrownBy(() -> load("security: {meshKeyFile: /k, replayWindowSeconds: 1}\n", Map.of()))
        .hasMessageContaining("security.replayWindowSeconds: must be 5-3600");
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, "not-a-key-hunter2\n");
    NodeConfig config = load("security: {meshKeyFile: " + bad + "}\n", Map.of());
    assertThatThrownBy(() -> dev.mesh.node.security.MeshSecurity.from(config.security(), "pi",
        java.time.Clock.systemUTC())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.meshKeyFile: mesh key file " + bad).hasMessageNotContaining("hunter2");
  }

  @Test
  void refusesAnUnknownKeyNamingIt() {
    assertThatThrownBy(() -> load("http:\n  prot: 80\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'http.prot'");
  }

  @Test
  void refusesAWrongTypeNamingTheKey() {
    assertThatThrownBy(() -> load("http:\n  port: eighty\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
  }

  @Test
  void refusesAnOutOfRangeValueFromTheEnvironment() {
    assertThatThrownBy(() -> load(null, Map.of("MESH_HTTP_PORT", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.port: must be 0..65535, was 70000");
  }

  @Test
  void queuesOrderByPriorityWithThirtySecondAgingStepsUnlessSaidOtherwise() throws IOException {
    assertThat(load(null, Map.of()).limits().queueOrder()).isEqualTo("priority");
    assertThat(load(null, Map.of()).limits().priorityAgingSeconds()).isEqualTo(30);
    NodeConfig c = load("limits: {queueOrder: arrival, priorityAgingSeconds: 5}\n", Map.of());
    assertThat(c.limits().queueOrder()).isEqualTo("arrival");
    assertThat(c.limits().priorityAgingSeconds()).isEqualTo(5);
  }

  @Test
  void refusesAnUnknownQueueOrderOrAnAgingStepOutOfRange() {
    assertThatThrownBy(() -> load("limits: {queueOrder: random}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limits.queueOrder: must be priority or arrival, was 'random'");
    assertThatThrownBy(() -> load(null, Map.of("MESH_LIMITS_PRIORITY_AGING_SECONDS", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("limits.priorityAgingSeconds: must be 1..3600, was 0");
  }

  @Test
  void refusesAFlagForAKeyThatDoesNotExist() {
    assertThatThrownBy(() -> load(null, Map.of(), "engine.turbo=true"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key engine.turbo");
  }

  @Test
  void refusesBrokenYamlWithTheLine() {
    assertThatThrownBy(() -> load("http:\n  port: [1,\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML").hasMessageContaining("line");
  }

  @Test
  void refusesAMissingConfigFile() {
    assertThatThrownBy(() -> new ConfigLoader("box", Map.of()).load(dir.resolve("nope.yaml"), List.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }

  @Test
  void refusesTheSameModelIdTwice() {
    assertThatThrownBy(() -> load("models:\n  - path: /a/m.gguf\n  - path: /b/m.gguf\n", Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("model id 'm' is used twice");
  }
}
