package dev.mesh.node.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** An Ollama model store in a temp folder, laid out as {@code ollama pull} leaves it. */
public final class FakeOllamaStore {

  public final Path root;

  public FakeOllamaStore(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("manifests"));
    Files.createDirectories(root.resolve("blobs"));
  }

  /** Copies {@code file} into blobs/ under its real digest and returns that digest ({@code sha256:<hex>}). */
  public String blob(Path file) throws IOException {
    String hex = sha256(file);
    Files.copy(file, blobPath("sha256:" + hex), StandardCopyOption.REPLACE_EXISTING);
    return "sha256:" + hex;
  }

  public Path blobPath(String digest) {
    return root.resolve("blobs").resolve(digest.replace(':', '-'));
  }

  /** A manifest as Ollama writes it: config, the model layer, then template and params layers. */
  public Path model(String manifest, String digest, long size) throws IOException {
    return manifest(manifest, """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
         "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:%2$s","size":487},
         "layers":[
          {"mediaType":"application/vnd.ollama.image.model","digest":"%1$s","size":%3$d},
          {"mediaType":"application/vnd.ollama.image.template","digest":"sha256:%2$s","size":1429},
          {"mediaType":"application/vnd.ollama.image.params","digest":"sha256:%2$s","size":120}]}
        """.formatted(digest, "e".repeat(64), size));
  }

  /** Writes {@code json} at manifests/{@code manifest} (registry/namespace/name/tag). */
  public Path manifest(String manifest, String json) throws IOException {
    Path path = root.resolve("manifests").resolve(manifest);
    Files.createDirectories(path.getParent());
    return Files.writeString(path, json);
  }

  public Path manifestPath(String manifest) {
    return root.resolve("manifests").resolve(manifest);
  }

  /** A file of seeded random bytes: the size of a model, none of its shape. */
  public static Path noise(Path file, int bytes) throws IOException {
    byte[] data = new byte[bytes];
    new Random(7).nextBytes(data);
    Files.createDirectories(file.getParent());
    return Files.write(file, data);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
