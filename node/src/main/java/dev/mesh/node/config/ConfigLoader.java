package dev.mesh.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link NodeConfig} in layers: defaults, then the YAML file, then {@code MESH_*}
 * environment variables, then {@code key=value} overrides from flags. Unknown keys are errors
 * (a typo should not silently fall back to a default).
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final String hostName;
  private final Map<String, String> env;

  public ConfigLoader(String hostName, Map<String, String> env) {
    this.hostName = hostName;
    this.env = env;
  }

  /** @param file the YAML file, or null for defaults only; @param overrides {@code a.b=value} pairs */
  public NodeConfig load(Path file, List<String> overrides) {
    ObjectNode tree = YAML.valueToTree(NodeConfig.defaults(hostName));
    if (file != null) {
      merge(tree, readYaml(file));
    }
    applyEnvironment(tree);
    for (String override : overrides) {
      applyOverride(tree, override, "flag --set " + override);
    }
    NodeConfig config = bind(tree, file);
    ConfigValidator.validate(config);
    return config;
  }

  private JsonNode readYaml(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist or is not a file");
    }
    try {
      JsonNode node = YAML.readTree(file.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return YAML.createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException(file + ": the top level must be a mapping of keys, not " + node.getNodeType());
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage() + at(e), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Objects merge key by key; anything else (scalars, lists) replaces. */
  private static void merge(ObjectNode into, JsonNode from) {
    from.fields().forEachRemaining(e -> {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode target && e.getValue().isObject()) {
        merge(target, e.getValue());
      } else {
        into.set(e.getKey(), e.getValue());
      }
    });
  }

  /** MESH_HTTP_PORT=8081 sets http.port; every scalar or list key of the defaults has a variable. */
  private void applyEnvironment(ObjectNode tree) {
    for (String path : leafPaths(tree, "")) {
      String value = env.get(envName(path));
      if (value != null) {
        applyOverride(tree, path + "=" + value, "environment variable " + envName(path));
      }
    }
  }

  /** The variable that overrides a dotted key: cluster.maxNoHeartbeatSeconds → MESH_CLUSTER_MAX_NO_HEARTBEAT_SECONDS. */
  public static String envName(String dottedPath) {
    return "MESH_" + dottedPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase();
  }

  private static List<String> leafPaths(JsonNode node, String prefix) {
    List<String> paths = new ArrayList<>();
    node.fields().forEachRemaining(e -> {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        paths.addAll(leafPaths(e.getValue(), path));
      } else if (!path.equals("models") && !path.equals("hooks") && !path.equals("remotes")) { // lists of mappings: YAML only
        paths.add(path);
      }
    });
    return paths;
  }

  private static void applyOverride(ObjectNode tree, String assignment, String source) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(source + ": expected key=value");
    }
    String[] keys = assignment.substring(0, eq).trim().split("\\.");
    String value = assignment.substring(eq + 1).trim();
    ObjectNode parent = tree;
    for (int i = 0; i < keys.length - 1; i++) {
      if (!(parent.get(keys[i]) instanceof ObjectNode child)) {
        throw new ConfigException(source + ": unknown key " + assignment.substring(0, eq));
      }
      parent = child;
    }
    String last = keys[keys.length - 1];
    if (!parent.has(last)) {
      throw new ConfigException(source + ": unknown key " + assignment.substring(0, eq));
    }
    parent.set(last, parent.get(last).isArray() ? list(value) : TextNode.valueOf(value));
  }

  private static ArrayNode list(String commaSeparated) {
    ArrayNode array = YAML.createArrayNode();
    for (String item : commaSeparated.split(",")) {
      if (!item.isBlank()) {
        array.add(item.trim());
      }
    }
    return array;
  }

  private static NodeConfig bind(ObjectNode tree, Path file) {
    String where = file == null ? "configuration" : file.toString();
    try {
      return YAML.treeToValue(tree, NodeConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(where + ": unknown key '" + pathOf(e) + "' (known: "
          + e.getKnownPropertyIds() + ")", e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where + ": " + pathOf(e) + ": " + e.getOriginalMessage(), e);
    }
  }

  private static String pathOf(JsonProcessingException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)) {
      return "?";
    }
    StringBuilder path = new StringBuilder();
    for (var ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String at(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
        + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
