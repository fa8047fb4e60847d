package dev.mesh.node.config;

import static dev.mesh.node.config.ConfigValidator.require;
import static dev.mesh.node.config.ConfigValidator.requireKinds;

import dev.mesh.protocol.advert.Network;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/** Checks {@code remotes:}; messages name the key and never echo a key or a URL's user info. */
final class RemotesValidator {
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";

  private RemotesValidator() {}

  static void validate(NodeConfig c) {
    Set<String> names = new HashSet<>();
    Set<String> modelNames = new HashSet<>();
    c.models().forEach(m -> modelNames.add(m.effectiveId()));
    for (int i = 0; i < c.remotes().size(); i++) {
      RemoteConfig r = c.remotes().get(i);
      String at = "remotes[" + i + "]";
      require(r != null, at + ": must be a mapping with name, api and url");
      require(r.name() != null && r.name().matches(NAME), at + ".name: must be 1-63 letters, digits, '.', '_' or '-'");
      require(names.add(r.name()), at + ".name: '" + r.name() + "' is used twice");
      require(r.api() != null && RemoteApi.known(r.api()), at + ".api: must be one of " + RemoteApi.WIRE_NAMES
          + ", was '" + r.api() + "'");
      require(validUrl(r.url()), at + ".url: must be an http:// or https:// URL with a host and no user info"
          + " (put a key in apiKeyEnv or apiKeyFile)");
      require(r.network() != null && known(r.network()), at + ".network: must be one of " + Network.WIRE_NAMES);
      require(r.apiKeyEnv() == null || r.apiKeyFile() == null, at + ": set at most one of apiKeyEnv and apiKeyFile");
      require(r.apiKeyEnv() == null || r.apiKeyEnv().matches("[A-Za-z_][A-Za-z0-9_]{0,127}"),
          at + ".apiKeyEnv: must be an environment variable's name");
      require(r.concurrency() == null || (r.concurrency() >= 1 && r.concurrency() <= 64),
          at + ".concurrency: must be 1..64");
      require(r.timeoutMs() == null || r.timeoutMs() >= 100, at + ".timeoutMs: must be at least 100");
      require(r.cooldownMs() == null || (r.cooldownMs() >= 100 && r.cooldownMs() <= RemoteConfig.MAX_COOLDOWN_MS),
          at + ".cooldownMs: must be 100.." + RemoteConfig.MAX_COOLDOWN_MS);
      RemoteConfig.CostConfig cost = r.costPerMillionTokens();
      require(cost == null || (cost.input() >= 0 && cost.output() >= 0), at
          + ".costPerMillionTokens: input and output must not be negative");
      validateModels(r, at, modelNames);
    }
  }

  private static void validateModels(RemoteConfig r, String at, Set<String> modelNames) {
    for (int k = 0; k < r.models().size(); k++) {
      RemoteModelConfig m = r.models().get(k);
      String mat = at + ".models[" + k + "]";
      require(m != null && m.id() != null && !m.id().isBlank() && m.id().length() <= 200, mat
          + ".id: must be 1-200 characters");
      require(modelNames.add(m.id()), mat + ".id: '" + m.id() + "' already names a model of this node");
      requireKinds(mat + ".kinds", m.kinds());
      require(m.tier() == null || m.tier().matches("[a-z0-9][a-z0-9-]{0,31}"), mat
          + ".tier: must be 1-32 lowercase letters, digits or '-'");
      require(m.contextTokens() == null || m.contextTokens() >= 64, mat + ".contextTokens: must be at least 64");
      for (String alias : m.aliases()) {
        require(alias != null && !alias.isBlank() && modelNames.add(alias), mat + ".aliases: '" + alias
            + "' is blank or already names a model of this node");
      }
    }
  }

  private static boolean known(String network) {
    try {
      Network.parse(network);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean validUrl(String url) {
    if (url == null || !HttpUrls.valid(url)) {
      return false;
    }
    try {
      return URI.create(url).getRawUserInfo() == null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
