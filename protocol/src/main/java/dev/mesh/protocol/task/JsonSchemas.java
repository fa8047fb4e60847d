package dev.mesh.protocol.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas tasks carry ({@code schema}: extract, and generate/chat held to a schema): checks one is a
 * schema at the edge, and checks a model's output against it. Remote {@code $ref}s are refused, never fetched —
 * a caller must not be able to make a node open URLs.
 */
public final class JsonSchemas {
  /** A schema is instructions for one output, not a library: this many characters of JSON at most. */
  public static final int MAX_SCHEMA_CHARS = 16 * 1024;
  private static final SpecificationVersion DIALECT = SpecificationVersion.DRAFT_2020_12;
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(DIALECT,
      builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
  private static final Schema META = REGISTRY.getSchema(SchemaLocation.of(DIALECT.getDialectId()));

  private JsonSchemas() {}

  /** What is wrong with a schema a caller sent, each naming where; empty when it can be used. */
  public static List<String> problems(JsonNode schema) {
    List<String> problems = new ArrayList<>();
    if (schema == null || !schema.isObject()) {
      problems.add("must be a JSON Schema object, e.g. {\"type\":\"object\",\"properties\":{...}}");
      return problems;
    }
    int chars = schema.toString().length();
    if (chars > MAX_SCHEMA_CHARS) {
      problems.add("is " + chars + " characters of JSON; at most " + MAX_SCHEMA_CHARS + " are allowed");
      return problems;
    }
    remoteRefs(schema, "", problems);
    if (problems.isEmpty()) {
      META.validate(schema).stream().limit(5).forEach(e -> problems.add(describe(e)));
    }
    return problems;
  }

  /** What in {@code output} breaks {@code schema}, each naming where; empty when it conforms. */
  public static List<String> violations(JsonNode schema, JsonNode output) {
    return REGISTRY.getSchema(schema).validate(output).stream().limit(10).map(JsonSchemas::describe).toList();
  }

  private static void remoteRefs(JsonNode node, String at, List<String> problems) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && !(ref.isTextual() && ref.asText().startsWith("#"))) {
        problems.add("at " + (at.isEmpty() ? "/" : at) + ": $ref " + ref + " is not local (only \"#/...\" refs"
            + " are followed)");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        remoteRefs(field.getValue(), at + "/" + field.getKey(), problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        remoteRefs(node.get(i), at + "/" + i, problems);
      }
    }
  }

  private static String describe(Error e) {
    String where = String.valueOf(e.getInstanceLocation());
    return (where.isEmpty() || where.equals("$") ? "" : "at " + where + ": ") + e.getMessage();
  }
}
