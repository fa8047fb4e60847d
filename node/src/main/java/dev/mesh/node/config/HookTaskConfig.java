package dev.mesh.node.config;

import dev.mesh.protocol.task.TaskParams;
import java.util.List;

/**
 * The task a hook delivery (or each element of it) becomes. Text fields are templates: {@code {/title}} is
 * replaced by the value at that JSON Pointer in the element (or the whole payload without {@code each});
 * {@code {{} and {@code }}} write literal braces. {@code priority}: the tasks' class (default batch: nobody waits
 * at a screen for a webhook's job, while a chat's person does).
 */
public record HookTaskConfig(String kind, String model, String prompt, String input, List<String> labels,
    List<HookMessageConfig> messages, TaskParams params, String priority) {

  public HookTaskConfig(String kind, String model, String prompt, String input, List<String> labels,
      List<HookMessageConfig> messages, TaskParams params) {
    this(kind, model, prompt, input, labels, messages, params, null);
  }

  /** One chat message; {@code content} is a template. */
  public record HookMessageConfig(String role, String content) {}
}
