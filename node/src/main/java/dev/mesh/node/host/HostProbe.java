package dev.mesh.node.host;

import dev.mesh.node.profile.Profile;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

/** What the machine has, measured (OSHI): RAM now, cores, OS and architecture — capped by a profile if one is set. */
public final class HostProbe {
  private final HardwareAbstractionLayer hardware;
  private final String os;
  private final Profile profile;

  /** @param profile the emulated machine's caps, or null */
  public HostProbe(Profile profile) {
    this.profile = profile;
    SystemInfo system = new SystemInfo();
    this.hardware = system.getHardware();
    this.os = system.getOperatingSystem().getFamily() + " " + system.getOperatingSystem().getVersionInfo().getVersion();
  }

  public long totalMemoryBytes() {
    long real = memory().getTotal();
    return profile == null ? real : profile.capTotal(real);
  }

  /** RAM the kernel could hand out now without swapping (Linux MemAvailable, macOS free + inactive). */
  public long availableMemoryBytes() {
    long real = memory().getAvailable();
    return profile == null ? real : profile.capAvailable(real);
  }

  public int logicalCores() {
    int real = hardware.getProcessor().getLogicalProcessorCount();
    return profile == null ? real : Math.min(real, profile.threads());
  }

  public String os() {
    return os;
  }

  public String arch() {
    return System.getProperty("os.arch");
  }

  private GlobalMemory memory() {
    return hardware.getMemory();
  }
}
