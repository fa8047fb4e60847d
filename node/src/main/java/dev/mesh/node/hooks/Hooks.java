package dev.mesh.node.hooks;

import dev.mesh.node.signing.Signature;
import dev.mesh.node.config.ConfigException;
import dev.mesh.node.config.HookConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The node's configured webhooks by name, each with its mapping compiled and its secret ready to check. */
public final class Hooks {
  /** One hook, ready: its config, how payloads become tasks, how deliveries are signed, how large they may be. */
  record Hook(HookConfig config, HookMapping mapping, Signature signature, long maxBodyBytes) {
    String name() {
      return config.name();
    }
  }

  private final Map<String, Hook> byName;

  private Hooks(Map<String, Hook> byName) {
    this.byName = byName;
  }

  /**
   * @param maxBodyBytes the node's own body limit, the default and the ceiling of each hook's
   * @throws ConfigException naming the key whose template or pointer is wrong
   */
  public static Hooks compile(List<HookConfig> configs, long maxBodyBytes) {
    Map<String, Hook> byName = new LinkedHashMap<>();
    for (int i = 0; i < configs.size(); i++) {
      HookConfig c = configs.get(i);
      HookMapping mapping;
      try {
        mapping = HookMapping.compile("hooks[" + i + "]", c.each(), c.task());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      long limit = c.maxBodyBytes() == null ? maxBodyBytes : Math.min(c.maxBodyBytes(), maxBodyBytes);
      byName.put(c.name(), new Hook(c, mapping, new Signature(c.secret()), limit));
    }
    return new Hooks(byName);
  }

  Optional<Hook> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The signature of a hook by name: what its callbacks are signed with. */
  public Optional<Signature> signature(String hook) {
    return get(hook).map(Hook::signature);
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }
}
