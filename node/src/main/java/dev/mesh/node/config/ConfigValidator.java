package dev.mesh.node.config;

import dev.mesh.protocol.routing.RoutingPolicy;
import dev.mesh.protocol.task.Fallback;
import dev.mesh.protocol.task.TaskKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Range checks with messages that name the key, so a bad YAML file fails before anything starts. */
final class ConfigValidator {
  private ConfigValidator() {}

  static void validate(NodeConfig c) {
    require(c.name() != null && c.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"),
        "name: must be 1-63 letters, digits, '.', '_' or '-', was '" + c.name() + "'");
    require(c.dataDir() != null && !c.dataDir().isBlank(), "dataDir: must not be empty");
    require(c.profile() == null || c.profile().matches("(?i)pi|imac|macmini"),
        "profile: must be pi, imac or macmini, was '" + c.profile() + "'");
    require(c.http().port() >= 0 && c.http().port() <= 65535, "http.port: must be 0..65535, was " + c.http().port());
    require(c.http().maxBodyBytes() >= 1024, "http.maxBodyBytes: must be at least 1024, was " + c.http().maxBodyBytes());
    require(c.cluster().port() > 0 && c.cluster().port() <= 65535,
        "cluster.port: must be 1..65535, was " + c.cluster().port());
    require(c.cluster().eventBusPort() >= 0 && c.cluster().eventBusPort() <= 65535
        && c.cluster().eventBusPublicPort() >= 0 && c.cluster().eventBusPublicPort() <= 65535,
        "cluster.eventBusPort, cluster.eventBusPublicPort: must be 0..65535");
    require(c.cluster().name() != null && !c.cluster().name().isBlank(), "cluster.name: must not be empty");
    require(c.cluster().maxNoHeartbeatSeconds() > c.cluster().heartbeatIntervalSeconds(),
        "cluster.maxNoHeartbeatSeconds: must exceed cluster.heartbeatIntervalSeconds");
    require(c.engine().threads() >= 1, "engine.threads: must be at least 1, was " + c.engine().threads());
    require(c.engine().contextTokens() >= 64, "engine.contextTokens: must be at least 64, was " + c.engine().contextTokens());
    require(c.engine().batchTokens() >= 1, "engine.batchTokens: must be at least 1");
    require(c.engine().niceness() >= 0 && c.engine().niceness() <= 19, "engine.niceness: must be 0..19");
    require(c.engine().heapMb() >= 16, "engine.heapMb: must be at least 16");
    require(c.memory().reserveMb() >= 0, "memory.reserveMb: must not be negative");
    require(c.memory().limitMb() >= 0, "memory.limitMb: must not be negative (0: no limit)");
    require(c.power().idleWatts() >= 0 && c.power().busyWatts() >= 0, "power: watts must not be negative");
    require(c.limits().maxTokens() >= 1, "limits.maxTokens: must be at least 1");
    require(c.limits().maxPromptChars() >= 1, "limits.maxPromptChars: must be at least 1");
    require(c.limits().maxWaitSeconds() >= 0, "limits.maxWaitSeconds: must not be negative");
    require(c.limits().queueCapacity() >= 1, "limits.queueCapacity: must be at least 1");
    require(c.limits().queueOrder() != null && c.limits().queueOrder().matches("(?i)priority|arrival"),
        "limits.queueOrder: must be priority or arrival, was '" + c.limits().queueOrder() + "'");
    require(c.limits().priorityAgingSeconds() >= 1
        && c.limits().priorityAgingSeconds() <= LimitsConfig.MAX_PRIORITY_AGING_SECONDS,
        "limits.priorityAgingSeconds: must be 1.." + LimitsConfig.MAX_PRIORITY_AGING_SECONDS + ", was "
        + c.limits().priorityAgingSeconds());
    require(c.retention().keepHours() >= 1, "retention.keepHours: must be at least 1");
    require(c.retention().keepMax() >= 1, "retention.keepMax: must be at least 1");
    require(c.routing().objective() != null && c.routing().objective().matches("(?i)fastest|greenest|balanced"),
        "routing.objective: must be fastest, greenest or balanced, was '" + c.routing().objective() + "'");
    require(c.routing().hopLimit() >= 1 && c.routing().hopLimit() <= 10, "routing.hopLimit: must be 1..10");
    require(c.routing().hopTimeoutMs() >= 100, "routing.hopTimeoutMs: must be at least 100");
    require(c.routing().fallback() != null && Fallback.known(c.routing().fallback()), "routing.fallback: must be "
        + Fallback.WIRE_NAMES + ", was '" + c.routing().fallback() + "'");
    requireKinds("routing.localOnlyKinds", c.routing().localOnlyKinds());
    require(c.routing().policy() != null && RoutingPolicy.known(c.routing().policy()), "routing.policy: must be "
        + RoutingPolicy.WIRE_NAMES + " (the last two are baselines for benchmarks), was '" + c.routing().policy() + "'");
    require(c.routing().cloudDailyTokens() >= 0, "routing.cloudDailyTokens: must not be negative (0: no budget)");
    require(c.routing().cloudDailyCost() >= 0 && Double.isFinite(c.routing().cloudDailyCost()),
        "routing.cloudDailyCost: must not be negative (0: no budget)");
    HandoffConfig h = c.handoff();
    require(h.pollMs() >= 10, "handoff.pollMs: must be at least 10, was " + h.pollMs());
    require(h.leaseMs() >= 3 * h.pollMs(), "handoff.leaseMs: must be at least 3 x handoff.pollMs (a claim is renewed"
        + " on every poll), was " + h.leaseMs());
    require(h.settleMs() >= 0, "handoff.settleMs: must not be negative");
    require(h.maxFileBytes() >= 1024, "handoff.maxFileBytes: must be at least 1024, was " + h.maxFileBytes());
    require(h.keepResultsHours() >= 1, "handoff.keepResultsHours: must be at least 1");
    validateModels(c);
    RemotesValidator.validate(c);
    validateKeys(c.auth());
    require(c.http().loopbackOnly() || c.auth().enabled() || c.http().allowOpen(),
        "http.host is " + c.http().host() + ", beyond this machine, but auth.apiKeys is empty: any device on the"
            + " network could send tasks and read prompts and results. Set auth.apiKeys (one key per role: read,"
            + " submit, admin; e.g. {name: agents, keySha256: <sha256 of the key>, role: submit}) or, knowingly,"
            + " http.allowOpen: true");
    validateSecurity(c.security());
    validateHooks(c);
    String callbackSecret = c.callbacks().secret();
    require(callbackSecret == null || (callbackSecret.length() >= 16 && callbackSecret.length() <= 512),
        "callbacks.secret: must be 16-512 characters (e.g. openssl rand -hex 32)");
    for (int i = 0; i < c.callbacks().allow().size(); i++) {
      String url = c.callbacks().allow().get(i);
      require(url != null && HttpUrls.valid(url), "callbacks.allow[" + i + "]: must be an http:// or https:// URL"
          + " with a host, was '" + url + "'");
    }
  }

  private static void validateSecurity(SecurityConfig s) {
    require(s.replayWindowSeconds() >= 5 && s.replayWindowSeconds() <= 3600,
        "security.replayWindowSeconds: must be 5-3600 (how far apart two nodes' clocks may be), was "
            + s.replayWindowSeconds());
    require(s.previousKeyFile() == null || s.keyed(),
        "security.previousKeyFile: set only beside security.meshKeyFile (the key nodes seal with now)");
    if (s.previousKeyUntil() != null) {
      require(s.previousKeyFile() != null, "security.previousKeyUntil: set only with security.previousKeyFile");
      try {
        java.time.Instant.parse(s.previousKeyUntil());
      } catch (java.time.format.DateTimeParseException e) {
        throw new ConfigException("security.previousKeyUntil: must be an ISO-8601 instant such as"
            + " 2026-12-01T00:00:00Z, was '" + s.previousKeyUntil() + "'");
      }
    }
  }

  private static void validateHooks(NodeConfig c) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < c.hooks().size(); i++) {
      HookConfig h = c.hooks().get(i);
      String at = "hooks[" + i + "]";
      require(h != null, at + ": must be a mapping with name, secret and task");
      require(h.name() != null && h.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"),
          at + ".name: must be 1-63 letters, digits, '.', '_' or '-' (it is the URL: /hooks/<name>)");
      require(names.add(h.name()), at + ".name: '" + h.name() + "' is used twice");
      // never echo a secret into an error message
      require(h.secret() != null && h.secret().length() >= 16 && h.secret().length() <= 512,
          at + ".secret: must be 16-512 characters (e.g. openssl rand -hex 32)");
      require(h.toleranceSeconds() == null || (h.toleranceSeconds() >= 1 && h.toleranceSeconds() <= 86_400),
          at + ".toleranceSeconds: must be 1..86400");
      require(h.maxBodyBytes() == null || h.maxBodyBytes() >= 1024, at + ".maxBodyBytes: must be at least 1024");
      require(h.callback() == null || HttpUrls.valid(h.callback()),
          at + ".callback: must be an http:// or https:// URL with a host, was '" + h.callback() + "'");
    }
  }

  private static void validateKeys(AuthConfig auth) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < auth.apiKeys().size(); i++) {
      ApiKeyConfig k = auth.apiKeys().get(i);
      String at = "auth.apiKeys[" + i + "]";
      require(k != null, at + ": must be a key or a mapping with key/keySha256, name, role");
      require(k.key() == null ^ k.keySha256() == null, at + ": set exactly one of key and keySha256");
      // never echo a key into an error message: it would land in logs and terminals
      require(k.key() == null || k.key().matches("[\\x21-\\x7e]{16,512}"),
          at + ".key: must be 16-512 printable characters without spaces (e.g. openssl rand -hex 24)");
      require(k.keySha256() == null || k.keySha256().matches("[0-9a-fA-F]{64}"),
          at + ".keySha256: must be 64 hex digits (sha256sum of the key)");
      require(k.name() == null || k.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"),
          at + ".name: must be 1-63 letters, digits, '.', '_' or '-'");
      require(k.role() == null || k.role().matches("read|submit|admin"),
          at + ".role: must be read, submit or admin, was '" + k.role() + "'");
      require(k.name() == null || names.add(k.name()), at + ".name: '" + k.name() + "' is used twice");
    }
  }

  private static void validateModels(NodeConfig c) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < c.models().size(); i++) {
      ModelConfig m = c.models().get(i);
      require(m.path() != null && !m.path().isBlank(), "models[" + i + "].path: must be set");
      require(m.contextTokens() == null || m.contextTokens() >= 64, "models[" + i + "].contextTokens: must be at least 64");
      String id = m.effectiveId();
      require(ids.add(id), "models[" + i + "]: model id '" + id + "' is used twice");
      requireKinds("models[" + i + "].kinds", m.kinds());
      for (int a = 0; a < m.aliases().size(); a++) {
        String alias = m.aliases().get(a);
        require(alias != null && !alias.isBlank() && alias.length() <= 200, "models[" + i + "].aliases[" + a
            + "]: must be 1-200 characters");
        require(ids.add(alias), "models[" + i + "].aliases[" + a + "]: '" + alias + "' already names a model");
      }
      require(m.tier() == null || m.tier().matches("[a-z0-9][a-z0-9-]{0,31}"), "models[" + i
          + "].tier: must be 1-32 lowercase letters, digits or '-' (e.g. light, heavy), was '" + m.tier() + "'");
    }
  }

  static void requireKinds(String at, java.util.List<String> kinds) {
    for (int k = 0; k < kinds.size(); k++) {
      String kind = kinds.get(k);
      require(Arrays.stream(TaskKind.values()).anyMatch(t -> t.wire().equals(kind)), at + "[" + k + "]: '" + kind
          + "' is not a task kind; one of " + TaskKind.WIRE_NAMES);
    }
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigException(message);
    }
  }
}
