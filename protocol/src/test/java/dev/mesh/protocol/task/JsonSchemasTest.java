package dev.mesh.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void acceptsAnOrdinarySchema() throws Exception {
    assertThat(JsonSchemas.problems(json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
        + "\"required\":[\"a\"]}"))).isEmpty();
  }

  @Test
  void refusesWhatIsNotASchemaSayingWhere() throws Exception {
    assertThat(JsonSchemas.problems(json("[1]"))).singleElement().asString().contains("must be a JSON Schema object");
    assertThat(JsonSchemas.problems(json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":12}}}")))
        .isNotEmpty().anySatisfy(p -> assertThat(p).contains("/properties/a/type"));
  }

  /** A caller must not make a node fetch URLs. */
  @Test
  void refusesRemoteRefsWithoutFetchingThem() throws Exception {
    assertThat(JsonSchemas.problems(json("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":"
        + "\"http://127.0.0.1:9/x.json\"}}}")))
        .singleElement().asString().contains("/properties/a").contains("not local");
    assertThat(JsonSchemas.problems(json("{\"$defs\":{\"n\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/n\"}")))
        .isEmpty();
  }

  @Test
  void refusesSchemasLargerThanTheLimit() throws Exception {
    String big = "{\"description\":\"" + "x".repeat(JsonSchemas.MAX_SCHEMA_CHARS) + "\"}";
    assertThat(JsonSchemas.problems(json(big))).singleElement().asString().contains("at most");
  }

  @Test
  void namesWhereAnOutputBreaksTheSchema() throws Exception {
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"maximum\":3}},"
        + "\"required\":[\"n\",\"m\"]}");
    assertThat(JsonSchemas.violations(schema, json("{\"n\":2,\"m\":0}"))).isEmpty();
    assertThat(JsonSchemas.violations(schema, json("{\"n\":7}")))
        .anySatisfy(v -> assertThat(v).contains("/n"))
        .anySatisfy(v -> assertThat(v).contains("m"));
  }
}
