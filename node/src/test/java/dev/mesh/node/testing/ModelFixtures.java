package dev.mesh.node.testing;

import dev.mesh.protocol.gguf.GgufWriter;
import dev.mesh.protocol.gguf.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * GGUFs declaring what real models declare — a chat template (the official ChatML, Llama 3 and Gemma texts), a
 * pooling type — written by the project's own writer over the small synthetic weights, in a temp folder.
 */
public final class ModelFixtures {
  public static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
      + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
      + "{{ '<|im_start|>assistant\\n' }}{% endif %}";
  /** Meta-Llama-3-8B-Instruct's template. */
  public static final String LLAMA3 = "{% set loop_messages = messages %}{% for message in loop_messages %}"
      + "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content']"
      + " | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
      + "{{ content }}{% endfor %}{% if add_generation_prompt %}"
      + "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
  /** gemma-2-2b-it's template: no system role, roles must alternate (a Jinja renderer raises; llama.cpp's merges). */
  public static final String GEMMA = "{{ bos_token }}{% if messages[0]['role'] == 'system' %}"
      + "{{ raise_exception('System role not supported') }}{% endif %}{% for message in messages %}"
      + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
      + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
      + "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}"
      + "{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}"
      + "{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}";
  /** A template of no family llama.cpp knows. */
  public static final String UNKNOWN = "{% for message in messages %}### {{ message['role'] }}: "
      + "{{ message['content'] }}\\n{% endfor %}### reply:";

  private ModelFixtures() {}

  public static Path withTemplate(Path dir, String name, String template) throws IOException {
    return write(dir, name, w -> w.putString("tokenizer.chat_template", template));
  }

  /** The synthetic llama model declaring {@code llama.pooling_type} (GGUF ids: 1 mean, 2 cls, 3 last). */
  public static Path withPooling(Path dir, String name, int poolingId) throws IOException {
    return write(dir, name, w -> w.putUInt32("llama.pooling_type", poolingId));
  }

  public static Path write(Path dir, String name, UnaryOperator<GgufWriter> metadata) throws IOException {
    Files.createDirectories(dir);
    Path path = dir.resolve(name + ".gguf");
    SyntheticModel.write(SyntheticModel.Spec.defaults(), path, metadata);
    return path;
  }
}
