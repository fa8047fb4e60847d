package dev.mesh.node.library;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reads an Ollama manifest for its weights: the layer whose blob is the GGUF file. */
final class OllamaManifest {

  static final String MODEL_MEDIA_TYPE = "application/vnd.ollama.image.model";
  /** Real manifests are about a kilobyte; a file far larger is not one and is not read into memory. */
  static final long MAX_MANIFEST_BYTES = 1024 * 1024;
  /** Only this shape may become a file name: it cannot hold a separator or "..", so no blob path leaves blobs/. */
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final int MAX_QUOTED_CHARS = 80;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private OllamaManifest() {}

  /** The weights layer of a manifest. */
  record ModelLayer(String digest, long size) {

    /** On disk the digest's colon is a dash: {@code sha256-<hex>}. */
    String blobName() {
      return digest.replace(':', '-');
    }
  }

  /** A manifest that names no usable weights; the message is the one-line reason. */
  static final class Invalid extends Exception {
    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  static ModelLayer modelLayer(Path manifest) throws Invalid {
    JsonNode layers = parse(manifest).path("layers");
    if (!layers.isArray()) {
      throw new Invalid("no model layer: the manifest has no layers list");
    }
    JsonNode model = null;
    for (JsonNode layer : layers) {
      if (MODEL_MEDIA_TYPE.equals(layer.path("mediaType").asText())) {
        model = layer; // the last one wins, as in Ollama's own loader
      }
    }
    if (model == null) {
      throw new Invalid("no model layer (" + MODEL_MEDIA_TYPE + ")");
    }
    return new ModelLayer(digest(model.path("digest")), size(model.path("size")));
  }

  private static JsonNode parse(Path manifest) throws Invalid {
    try {
      long bytes = Files.size(manifest);
      if (bytes > MAX_MANIFEST_BYTES) {
        throw new Invalid("manifest is " + bytes + " bytes, far larger than an Ollama manifest");
      }
      JsonNode tree = JSON.readTree(manifest.toFile());
      if (tree == null || !tree.isObject()) {
        throw new Invalid("bad JSON: the manifest is not a JSON object");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new Invalid("bad JSON" + at(e.getLocation()) + ": " + IoProblem.oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new Invalid("unreadable manifest: " + IoProblem.of(e));
    }
  }

  private static String digest(JsonNode digest) throws Invalid {
    if (!digest.isTextual() || !DIGEST.matcher(digest.asText()).matches()) {
      throw new Invalid("bad digest " + quoted(digest)
          + " in the model layer: expected sha256: and 64 lowercase hex digits");
    }
    return digest.asText();
  }

  private static long size(JsonNode size) throws Invalid {
    if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
      throw new Invalid("bad size " + quoted(size) + " in the model layer: expected a byte count");
    }
    return size.longValue();
  }

  /** As JSON, so control characters stay escaped and the reason stays one line; cut to a readable length. */
  private static String quoted(JsonNode value) {
    String text = value.isMissingNode() ? "(none)" : value.toString();
    return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "…";
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
