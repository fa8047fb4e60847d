package dev.mesh.node.chaos;

import java.util.List;
import java.util.Map;

/**
 * What a chaos run ended with. The promise — none lost, none twice, one truth — is {@link #kept()}: nothing never
 * ended, no key run twice, no two nodes disagreeing after the mesh healed, the webhook job complete and called
 * back, every submit accepted in the end.
 */
record ChaosOutcome(
    int keys,
    int accepted,
    int notAccepted,
    int succeeded,
    Map<String, Integer> failedByCode,
    int neverEnded,
    int keysWithTwoTasks,
    int keysRunTwice,
    int reExecutions,
    int callbackDeliveries,
    boolean jobEnded,
    int disagreements,
    int clientRetries,
    String faults,
    List<String> problems) {

  boolean kept() {
    return neverEnded == 0 && keysRunTwice == 0 && disagreements == 0 && notAccepted == 0 && jobEnded
        && callbackDeliveries >= 1;
  }

  /** One row of the table the IT and bench print. */
  String row(int run) {
    return String.format("%3d  %8d  %9d  %-22s  %11d  %9d  %10d  %10d  %9d  %11d  %13d  %s", run, accepted, succeeded,
        failedByCode.isEmpty() ? "-" : failedByCode.toString(), neverEnded, keysWithTwoTasks, keysRunTwice,
        reExecutions, callbackDeliveries, disagreements, clientRetries, faults);
  }

  static String header() {
    return "run  accepted  succeeded  failed by code          never ended  keys 2+ t  keys twice  re-execute  callbacks"
        + "  disagreeing  client retries  faults";
  }
}
