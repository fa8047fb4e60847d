package dev.mesh.node.cli;

/** The emulated household could not be brought up; the message names the node and quotes its log. */
final class HouseholdException extends Exception {
  private static final int LOG_TAIL_LINES = 20;

  private HouseholdException(String message) {
    super(message);
  }

  static HouseholdException exited(HouseholdNode node) {
    return new HouseholdException("node " + node.name() + " exited with code " + node.exitCode()
        + " before the cluster formed; the end of " + node.log() + ":" + System.lineSeparator()
        + node.logTail(LOG_TAIL_LINES));
  }

  static HouseholdException notReady(long seconds, HouseholdNode node, String state) {
    return new HouseholdException("the cluster did not form within " + seconds + " s: node " + node.name() + " is "
        + state + "; the end of " + node.log() + ":" + System.lineSeparator() + node.logTail(LOG_TAIL_LINES));
  }
}
