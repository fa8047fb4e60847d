package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a generation's output is held to: nothing, a GBNF grammar, or a JSON Schema (llama.cpp turns it into one). */
public sealed interface Constraint {
  Constraint NONE = new Free();

  record Free() implements Constraint {
  }

  record Grammar(String gbnf) implements Constraint {
    public Grammar {
      Objects.requireNonNull(gbnf, "gbnf is required");
    }
  }

  record JsonSchema(JsonNode schema) implements Constraint {
    public JsonSchema {
      Objects.requireNonNull(schema, "schema is required");
      schema = schema.deepCopy();
    }
  }
}
