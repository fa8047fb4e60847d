package dev.mesh.bench.hop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs every round trip once a round, one at a time, so drift on a shared machine hits every path alike; the first
 * {@code warm} rounds are not kept. The order is shuffled every round (a fixed seed: runs are alike): what ran just
 * before a trip matters — a task's outcome, journal and adverts still go on in the background of the node that ran it
 * — and a fixed order reversed every other round (ABBA) still gave each trip its own neighbours: a build measured
 * against itself read 1.16-1.20x local p50.
 */
public final class HopRounds {
  private static final long SEED = 20261201L;

  private HopRounds() {}

  public static Map<String, List<HopSample>> measure(List<RoundTrip> trips, int warm, int measured) throws Exception {
    Map<String, List<HopSample>> samples = new LinkedHashMap<>();
    trips.forEach(t -> samples.put(t.name(), new ArrayList<>()));
    Random random = new Random(SEED);
    List<RoundTrip> order = new ArrayList<>(trips);
    for (int round = 0; round < warm + measured; round++) {
      Collections.shuffle(order, random);
      for (RoundTrip trip : order) {
        HopSample sample = trip.run();
        if (round >= warm) {
          samples.get(trip.name()).add(sample);
        }
      }
    }
    return samples;
  }
}
