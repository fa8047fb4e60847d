package dev.mesh.node;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven stamped into the jar. */
public final class MeshVersion implements IVersionProvider {
  public static String current() {
    Properties p = new Properties();
    try (InputStream in = MeshVersion.class.getResourceAsStream("/mesh-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("mesh.version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"mesh " + current() + " (Java " + System.getProperty("java.version") + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
  }
}
