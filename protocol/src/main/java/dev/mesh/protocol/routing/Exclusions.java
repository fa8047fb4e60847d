package dev.mesh.protocol.routing;

import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.advert.Remote;
import java.util.Locale;
import dev.mesh.protocol.task.RouteNote.Out;
import java.util.Set;

/** The routing filters (docs/architecture.md, routing), in order; each returns why a node or model is out, or null. */
final class Exclusions {
  static final Exclusion ALREADY_VISITED = new Exclusion(Out.ALREADY_VISITED, "already visited (no revisits)");
  static final Exclusion DRAINING = Exclusion.of(Out.DRAINING);
  static final Exclusion NO_MODELS = Exclusion.of(Out.NO_MODELS);
  static final Exclusion NOT_LOADED = Exclusion.of(Out.NOT_LOADED);
  static final Exclusion SPEED_NOT_MEASURED = new Exclusion(Out.SPEED_NOT_MEASURED, "speed not measured yet");
  private static final long MIB = 1024 * 1024;

  private Exclusions() {}

  static Exclusion node(NodeAdvert a, Set<String> visited) {
    if (visited.contains(a.id())) {
      return ALREADY_VISITED;
    } else if (a.state() == null) {
      return incomplete("no state");
    } else if (a.state() == NodeState.DRAINING) {
      return DRAINING; // DEGRADED stays in: its reason may concern one model, which the model checks see.
    } else if (a.engine() == null) {
      return incomplete("no engine");
    } else if (!a.engine().available() && a.models().stream().noneMatch(ModelInfo::viaRemote)) {
      return new Exclusion(Out.NO_LOCAL_ENGINE, "no local engine: " + engineReason(a.engine()));
    } else if (a.memory() == null) {
      return incomplete("no memory");
    } else if (a.load() == null) {
      return incomplete("no load");
    } else if (!Double.isFinite(a.load().backlogSeconds())) {
      return incomplete("backlog unknown");
    }
    // a node without a usable engine of its own may still serve models through a remote engine: checked per model
    return a.models().isEmpty() ? NO_MODELS : null;
  }

  static Exclusion model(ModelInfo m, RouteRequest r, NodeAdvert node, Policy policy) {
    Exclusion where = m.viaRemote() ? remote(m.remote(), policy) : ownEngine(node.engine());
    if (where != null) {
      return where;
    } else if (!m.loaded() && !m.loadable()) {
      return NOT_LOADED;
    } else if (!m.serves(r.kind())) {
      return new Exclusion(Out.WRONG_KIND, "does not serve " + r.kind().wire());
    } else if (r.model() != null && !m.answersTo(r.model())) {
      return new Exclusion(Out.OTHER_MODEL, "not model " + r.model());
    } else if (r.tier() != null && !r.tier().equals(m.tier())) {
      return new Exclusion(Out.OTHER_TIER, "not tier " + r.tier());
    } else if (r.family() != null && !inFamily(m, r.family())) {
      return new Exclusion(Out.OTHER_FAMILY, "not family " + r.family());
    } else if (m.contextLength() < r.neededContext()) {
      return new Exclusion(Out.CONTEXT_TOO_SMALL, "context " + m.contextLength() + " < " + r.neededContext()
          + " needed");
    }
    Exclusion ram = m.viaRemote() ? null : memory(m, node.memory());
    if (ram != null) {
      return ram;
    }
    boolean needsDecode = r.maxTokens() > 0;
    return !measured(m.prefillTokensPerSecond()) || (needsDecode && !measured(m.decodeTokensPerSecond()))
        ? SPEED_NOT_MEASURED : null;
  }

  private static Exclusion ownEngine(LocalEngine engine) {
    return engine.available() ? null : new Exclusion(Out.NO_LOCAL_ENGINE, "no local engine: " + engineReason(engine));
  }

  /** The policy's checks for a model a remote engine serves: where it is, and whether it is up. */
  private static Exclusion remote(Remote remote, Policy policy) {
    if (remote.cloud() && policy.cloud() == CloudUse.NEVER) {
      return new Exclusion(Out.LOCAL_ONLY, "cloud model, and the task is local only");
    } else if (remote.cloud() && policy.cloud() == CloudUse.HELD_BACK) {
      return new Exclusion(Out.CLOUD_HELD_BACK, "cloud model held back: a local or LAN model serves this");
    } else if (policy.outages() == Outages.IGNORED) {
      return null;
    } else if (!remote.circuit().admits()) {
      return new Exclusion(Out.REMOTE_DOWN, remote.unavailableBecause());
    }
    return remote.cloud() && remote.budgetSpent() ? new Exclusion(Out.BUDGET_SPENT, remote.unavailableBecause())
        : null;
  }

  static boolean measured(double tokensPerSecond) {
    return tokensPerSecond > 0 && Double.isFinite(tokensPerSecond);
  }

  // A loaded model's resident RAM is already out of "available": ask only for what it lacks. One to be loaded may
  // have what idle models give up, within the node's limit.
  private static Exclusion memory(ModelInfo m, Memory memory) {
    long need = Math.max(0, Math.max(0, m.estimatedRamBytes()) - Math.max(0, m.residentBytes()));
    long usable = m.loaded() ? Math.max(0, Math.max(0, memory.availableBytes()) - Math.max(0, memory.reserveBytes()))
        : memory.roomForUnloadedBytes();
    if (need <= usable) {
      return null;
    }
    long needMib = need / MIB + (need % MIB == 0 ? 0 : 1);
    return new Exclusion(Out.NOT_ENOUGH_RAM, "needs " + needMib + " MiB more RAM, " + usable / MIB + " MiB usable");
  }

  private static Exclusion incomplete(String what) {
    return new Exclusion(Out.INCOMPLETE_ADVERT, "advert incomplete: " + what);
  }

  private static boolean inFamily(ModelInfo m, String family) {
    String f = family.toLowerCase(Locale.ROOT);
    return family.equalsIgnoreCase(m.architecture())
        || (m.id() != null && m.id().toLowerCase(Locale.ROOT).contains(f));
  }

  private static String engineReason(LocalEngine engine) {
    return engine.reason() == null || engine.reason().isBlank() ? "no reason given" : engine.reason();
  }
}
