package dev.mesh.bench.hop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every round trip once a round, one at a time, in an order reversed every other round (ABBA), so drift
 * on a shared machine hits every path alike; the first {@code warm} rounds are not kept.
 */
public final class HopRounds {
  private HopRounds() {}

  public static Map<String, List<HopSample>> measure(List<RoundTrip> trips, int warm, int measured) throws Exception {
    Map<String, List<HopSample>> samples = new LinkedHashMap<>();
    trips.forEach(t -> samples.put(t.name(), new ArrayList<>()));
    for (int round = 0; round < warm + measured; round++) {
      for (int i = 0; i < trips.size(); i++) {
        RoundTrip trip = trips.get(round % 2 == 0 ? i : trips.size() - 1 - i);
        HopSample sample = trip.run();
        if (round >= warm) {
          samples.get(trip.name()).add(sample);
        }
      }
    }
    return samples;
  }
}
