package dev.mesh.node.host;

import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;

/** What the machine has, measured (OSHI): RAM now, cores, OS and architecture. */
public final class HostProbe {
  private final HardwareAbstractionLayer hardware;
  private final String os;

  public HostProbe() {
    SystemInfo system = new SystemInfo();
    this.hardware = system.getHardware();
    this.os = system.getOperatingSystem().getFamily() + " " + system.getOperatingSystem().getVersionInfo().getVersion();
  }

  public long totalMemoryBytes() {
    return memory().getTotal();
  }

  /** RAM the kernel could hand out now without swapping (Linux MemAvailable, macOS free + inactive). */
  public long availableMemoryBytes() {
    return memory().getAvailable();
  }

  public int logicalCores() {
    return hardware.getProcessor().getLogicalProcessorCount();
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
