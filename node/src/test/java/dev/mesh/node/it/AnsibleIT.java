package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.testing.NodeProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Ansible deployment, for real (Debian's {@code ansible} and {@code ansible-lint}, which {@code .ci/run}
 * installs): lint clean, the household playbook passes a syntax check, a run against this machine
 * ({@code ansible_connection=local}, a supervised process into a temporary prefix, the jar of this build, a
 * model by {@code file://} URL with its sha256) leaves a node answering {@code /health}, and a second run
 * changes nothing. The rendered systemd unit passes {@code systemd-analyze verify}; the launchd plist parses.
 */
class AnsibleIT {
  private static final String REMOTE_KEY = "sk-ansible-it-remote-key-0123456789";
  private static final Path ANSIBLE = Path.of("..", "ansible").toAbsolutePath().normalize();
  private static final Pattern RECAP = Pattern.compile("testnode\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)"
      + "\\s+failed=(\\d+)");

  @Test
  void deploysANodeThatAnswersHealthAndASecondRunChangesNothing() throws Exception {
    Path work = Files.createTempDirectory("mesh-ansible-it-");
    Path model = work.resolve("synthetic.gguf");
    NodeProcess.Result synth = NodeProcess.run(work, "model", "synth", "--out", model.toString());
    assertThat(synth.exitCode()).as(synth.output()).isZero();
    int port = NodeProcess.freePort();
    ObjectNode vars = new ObjectMapper().createObjectNode()
        .put("mesh_node_prefix", work.resolve("prefix").toString())
        .put("mesh_node_http_host", "0.0.0.0").put("mesh_node_http_port", port)
        .put("mesh_shared_dir", work.resolve("shared").toString())
        .put("mesh_node_jar_src", NodeProcess.jar().toAbsolutePath().toString())
        .put("mesh_node_user", System.getProperty("user.name"))
        .put("mesh_render_dir", work.toString())
        .put("mesh_secrets_file", work.resolve("mesh-secrets.yml").toString());
    vars.putArray("mesh_models").addObject().put("id", "synthetic").put("url", model.toUri().toString())
        .put("sha256", sha256(model));
    // a remote engine with a key: nothing listens there (its circuit is open), but its key must arrive, 0600, and
    // appear nowhere else
    ObjectNode remote = vars.putArray("mesh_remotes").addObject().put("name", "attic").put("api", "ollama")
        .put("url", "http://127.0.0.1:9").put("network", "lan");
    remote.putArray("models").add("attic-model");
    vars.putObject("mesh_remote_keys").put("attic", REMOTE_KEY);
    Path extra = work.resolve("vars.json");
    Files.writeString(extra, vars.toString());
    try {
      Run lint = run("ansible-lint");
      assertThat(lint.code()).as(lint.output()).isZero();
      Run syntax = run("ansible-playbook", "-i", "../inventory.yaml", "site.yml", "--syntax-check");
      assertThat(syntax.code()).as(syntax.output()).isZero();

      Run first = run("ansible-playbook", "-i", "tests/localhost.yaml", "site.yml", "-e", "@" + extra);
      int[] firstRecap = recap(first);
      assertThat(firstRecap[3]).as(first.output()).isZero();
      assertThat(firstRecap[1]).as("the first run installs").isPositive();
      HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body()).contains("\"synthetic\":\"ready");
      Path keyFile = work.resolve("prefix/etc/keys/attic.key");
      assertThat(Files.readString(keyFile).strip()).isEqualTo(REMOTE_KEY);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
      assertThat(Files.readString(work.resolve("prefix/etc/node.yaml"))).contains("apiKeyFile")
          .contains(keyFile.toString()).doesNotContain(REMOTE_KEY);
      // the secrets made on the control machine: a mesh key and a key per role, owner-only, deployed 0600 / as hashes
      Path secrets = work.resolve("mesh-secrets.yml");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");
      JsonNode made = new ObjectMapper(new YAMLFactory()).readTree(secrets.toFile());
      String meshKey = made.path("mesh_mesh_key").asText();
      String readKey = made.at("/mesh_api_keys/read").asText();
      assertThat(meshKey).matches("[0-9a-f]{64}");
      assertThat(readKey).hasSizeGreaterThanOrEqualTo(32);
      Path meshKeyFile = work.resolve("prefix/etc/mesh.key");
      assertThat(Files.readString(meshKeyFile).strip()).isEqualTo(meshKey);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(meshKeyFile))).isEqualTo("rw-------");
      String nodeYaml = Files.readString(work.resolve("prefix/etc/node.yaml"));
      assertThat(nodeYaml).contains("meshKeyFile: " + meshKeyFile).contains("keySha256").doesNotContain(readKey)
          .doesNotContain(meshKey);
      HttpResponse<String> unkeyed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + port + "/cluster/status")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(unkeyed.statusCode()).as(unkeyed.body()).isEqualTo(401);
      String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/cluster/status")).header("Authorization", "Bearer " + readKey).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(status).contains("\"name\":\"attic\"").contains("\"meshKey\":\"on\"").doesNotContain(REMOTE_KEY)
          .doesNotContain(meshKey).doesNotContain(readKey);
      for (String secret : new String[] {REMOTE_KEY, meshKey, readKey}) {
        assertThat(first.output()).doesNotContain(secret);
      }

      Run second = run("ansible-playbook", "-i", "tests/localhost.yaml", "site.yml", "-e", "@" + extra);
      assertThat(recap(second)[1]).as("a second run changes nothing:\n" + second.output()).isZero();
      assertThat(new ObjectMapper(new YAMLFactory()).readTree(secrets.toFile())).as("secrets are made once")
          .isEqualTo(made);

      Run render = run("ansible-playbook", "-i", "tests/localhost.yaml", "tests/render-service-files.yml", "-e",
          "@" + extra);
      assertThat(render.code()).as(render.output()).isZero();
      Run unit = run("systemd-analyze", "verify", work.resolve("mesh-node.service").toString());
      assertThat(unit.code()).as(unit.output()).isZero();
      Run plist = run("/usr/bin/python3", "-c", "import plistlib,sys; d=plistlib.load(open(sys.argv[1],'rb'));"
          + " assert d['Label']=='dev.mesh.node' and d['ProgramArguments'][1]=='node'; print('plist ok')",
          work.resolve("dev.mesh.node.plist").toString());
      assertThat(plist.output()).as(plist.output()).contains("plist ok");
    } finally {
      Path pid = work.resolve("prefix/data/node.pid");
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroy);
      }
    }
  }

  private record Run(int code, String output) {}

  private static Run run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).directory(ANSIBLE.toFile()).redirectErrorStream(true).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** ok, changed, unreachable, failed of the run's recap line. */
  private static int[] recap(Run run) {
    Matcher m = RECAP.matcher(run.output());
    List<int[]> all = new ArrayList<>();
    while (m.find()) {
      all.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4))});
    }
    assertThat(all).as("a PLAY RECAP line for testnode in:\n" + run.output()).hasSize(1);
    return all.get(0);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
