package dev.mesh.node.security;

import java.util.Locale;

/** What a refused payload was meant to be: the label of {@code mesh_untrusted_messages_total}. */
public enum Kind {
  ADVERT, HELLO, TASK_UPDATE, HOP, HOP_REPLY, TOKENS, CONTROL, CONTROL_REPLY, PING, PING_REPLY,
  /** A task record in the cluster map. */
  RECORD,
  /** Any other cluster-map value: a job, a webhook delivery id, an idempotency key's task. */
  SHARED_VALUE,
  /** A file in the shared folder. */
  FOLDER_FILE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
