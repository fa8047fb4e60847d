package dev.mesh.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads Prometheus text with the Prometheus project's own parser ({@code prometheus_client.parser}, Debian's
 * {@code python3-prometheus-client}, which {@code .ci/run} installs): text it can't parse fails the test.
 */
public final class PrometheusText {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String SCRIPT = String.join("\n",
      "import json, sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "out = []",
      "for f in text_string_to_metric_families(sys.stdin.read()):",
      "    for s in f.samples:",
      "        out.append({'family': f.name, 'type': f.type, 'name': s.name, 'labels': s.labels, 'value': s.value})",
      "print(json.dumps(out))");

  /** Prometheus has NaN (a gauge with nothing measured yet), which Python's json writes bare. */
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private PrometheusText() {}

  /** Every sample, parsed: {family, type, name, labels, value}. */
  public static JsonNode parse(String text) throws Exception {
    Path in = Files.createTempFile("metrics-", ".txt");
    Files.writeString(in, text);
    Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT).redirectInput(in.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("the Prometheus parser refused the text (or is missing: apt-get install"
          + " python3-prometheus-client): " + err);
    }
    Files.delete(in);
    return JSON.readTree(out);
  }

  /** The value of the one sample with this name and exactly these labels. */
  public static double sample(String text, String name, Map<String, String> labels) throws Exception {
    return find(text, name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels + " in:\n"
        + text));
  }

  /** The same, empty when there is no such sample (a counter not yet incremented). */
  public static java.util.OptionalDouble find(String text, String name, Map<String, String> labels)
      throws Exception {
    for (JsonNode s : parse(text)) {
      if (s.path("name").asText().equals(name) && JSON.convertValue(s.path("labels"), Map.class)
          .equals(labels)) {
        return java.util.OptionalDouble.of(s.path("value").asDouble());
      }
    }
    return java.util.OptionalDouble.empty();
  }

  public static List<String> families(String text) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode s : parse(text)) {
      names.add(s.path("name").asText());
    }
    return names;
  }
}
