package dev.mesh.node.hooks;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.node.config.HookTaskConfig;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a hook's JSON becomes task requests: one from the whole payload, or one per element of the array at
 * {@code each}, in the array's order, of the hook's priority (batch unless it says). Compiled once from config (a template error stops the node at start);
 * a payload that doesn't fit fails with the JSON Pointer of what was missing.
 */
final class HookMapping {
  /** More elements than this in one delivery is refused: a job is accepted whole, and must fit a queue. */
  static final int MAX_ELEMENTS = 10_000;

  private record MessageTemplate(String role, Template content) {}

  private final JsonPointer each;
  private final TaskKind kind;
  private final String model;
  private final Template prompt;
  private final Template input;
  private final List<String> labels;
  private final List<MessageTemplate> messages;
  private final TaskParams params;
  private final Priority priority;

  private HookMapping(JsonPointer each, TaskKind kind, String model, Template prompt, Template input,
      List<String> labels, List<MessageTemplate> messages, TaskParams params, Priority priority) {
    this.priority = priority;
    this.each = each;
    this.kind = kind;
    this.model = model;
    this.prompt = prompt;
    this.input = input;
    this.labels = labels;
    this.messages = messages;
    this.params = params;
  }

  /**
   * @param at the config key of the hook, for messages ("hooks[0]")
   * @throws IllegalArgumentException naming the key that is wrong
   */
  static HookMapping compile(String at, String each, HookTaskConfig task) {
    if (task == null) {
      throw new IllegalArgumentException(at + ".task: must be set (what each delivery becomes)");
    }
    TaskKind kind;
    try {
      kind = TaskKind.valueOf(String.valueOf(task.kind()).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".task.kind: must be generate, chat, embed, classify or summarize, was '"
          + task.kind() + "'");
    }
    JsonPointer eachPointer = null;
    if (each != null) {
      if (!each.startsWith("/")) {
        throw new IllegalArgumentException(at + ".each: must be a JSON Pointer like /items, was '" + each + "'");
      }
      eachPointer = JsonPointer.compile(each);
    }
    List<MessageTemplate> messages = new ArrayList<>();
    if (task.messages() != null) {
      for (int i = 0; i < task.messages().size(); i++) {
        HookTaskConfig.HookMessageConfig m = task.messages().get(i);
        messages.add(new MessageTemplate(m.role(), template(at + ".task.messages[" + i + "].content", m.content())));
      }
    }
    return new HookMapping(eachPointer, kind, task.model(), template(at + ".task.prompt", task.prompt()),
        template(at + ".task.input", task.input()), task.labels(), messages, task.params(),
        priority(at, task.priority()));
  }

  private static Priority priority(String at, String name) {
    if (name == null) {
      return Priority.BATCH;
    }
    try {
      return Priority.parse(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".task.priority: must be one of " + Priority.WIRE_NAMES + ", was '" + name
          + "'");
    }
  }

  private static Template template(String key, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Template.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  /** Whether deliveries become a job of many tasks ({@code each} set) rather than one task. */
  boolean many() {
    return each != null;
  }

  /** @throws MappingException naming the payload field that did not fit */
  List<TaskRequest> map(JsonNode payload) {
    if (each == null) {
      return List.of(one(payload, ""));
    }
    JsonNode array = payload.at(each);
    String where = each.toString();
    if (!array.isArray()) {
      throw new MappingException(where, "expected an array at " + where + ", found "
          + (array.isMissingNode() ? "nothing" : array.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    if (array.isEmpty()) {
      throw new MappingException(where, "the array at " + where + " is empty: nothing to do");
    }
    if (array.size() > MAX_ELEMENTS) {
      throw new MappingException(where, "the array at " + where + " has " + array.size() + " elements; at most "
          + MAX_ELEMENTS + " per delivery");
    }
    List<TaskRequest> tasks = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      tasks.add(one(array.get(i), where + "/" + i));
    }
    return tasks;
  }

  private TaskRequest one(JsonNode element, String at) {
    List<ChatMessage> chat = null;
    if (!messages.isEmpty()) {
      chat = new ArrayList<>();
      for (MessageTemplate m : messages) {
        chat.add(new ChatMessage(m.role(), m.content() == null ? null : m.content().fill(element, at)));
      }
    }
    return new TaskRequest(kind, model, prompt == null ? null : prompt.fill(element, at),
        chat, input == null ? null : input.fill(element, at), labels, params, null, null, null, null)
        .withPriority(priority);
  }
}
