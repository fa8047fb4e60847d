package dev.mesh.node.inference;

import java.util.Comparator;
import java.util.List;

/**
 * Speeds to advertise for a model that has never run here, so routing can weigh loading it: scaled from the
 * best-measured model on this node — decode by weight bytes (it reads every weight per token), prefill by
 * parameters (it computes with each). Zero when nothing here is measured yet: then it is not routed to.
 */
public final class SpeedPrior {
  /** Tokens/s; 0 means unknown. */
  public record Speeds(double prefill, double decode) {
    public static final Speeds UNKNOWN = new Speeds(0, 0);
  }

  private SpeedPrior() {}

  public static Speeds forModel(LocalModel target, List<LocalModel> all) {
    return all.stream().filter(m -> m != target && m.speed().samples() > 0)
        .max(Comparator.comparingLong(m -> m.speed().samples()))
        .map(known -> scaled(known, target))
        .orElse(Speeds.UNKNOWN);
  }

  private static Speeds scaled(LocalModel known, LocalModel target) {
    double bytes = ratio(known.file().shape().weightsBytes(), target.file().shape().weightsBytes());
    double params = ratio(known.file().shape().parameterCount(), target.file().shape().parameterCount());
    return new Speeds(known.speed().prefillTokensPerSecond() * params, known.speed().decodeTokensPerSecond() * bytes);
  }

  private static double ratio(long known, long target) {
    return known > 0 && target > 0 ? (double) known / target : 0;
  }
}
