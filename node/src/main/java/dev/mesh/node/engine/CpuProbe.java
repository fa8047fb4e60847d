package dev.mesh.node.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import oshi.SystemInfo;

/**
 * Can this CPU run java-llama.cpp's bundled native library? Its x86-64 builds use AVX, AVX2, FMA, F16C and BMI2
 * and die with SIGILL without them; the aarch64 builds are baseline ARMv8. Reading flags is cheap and safe, so
 * this runs before {@link EngineProbe} risks starting an engine.
 */
public final class CpuProbe {
  /** What the bundled x86-64 library was compiled for. */
  public static final List<String> REQUIRED_X86_64 = List.of("avx", "avx2", "fma", "f16c", "bmi2");
  /** The features worth advertising: those llama.cpp's CPU kernels use. */
  static final Set<String> RELEVANT = Set.of("sse3", "ssse3", "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c",
      "bmi2", "avx_vnni", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_int8",
      "neon", "asimd", "asimddp", "dotprod", "i8mm", "sve", "sve2", "fphp", "asimdhp");

  private final String osName;
  private final String arch;
  private final Supplier<List<String>> flags;

  /** @param flags the CPU's feature flags in any case (/proc/cpuinfo or sysctl spelling); injectable for tests */
  public CpuProbe(String osName, String arch, Supplier<List<String>> flags) {
    this.osName = osName;
    this.arch = arch;
    this.flags = flags;
  }

  public static CpuProbe forThisMachine() {
    return new CpuProbe(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
        CpuProbe::readFlags);
  }

  /**
   * This CPU seen through a node profile: only the features the emulated machine has (a Core 2 Duo has
   * no AVX), so the real check refuses for the real reason instead of a flag that says "pretend".
   */
  public CpuProbe limitedTo(Set<String> features) {
    return new CpuProbe(osName, arch, () -> normalize(flags.get()).stream().filter(features::contains).toList());
  }

  /** This machine's CPU features, normalized; read once (they don't change while a JVM runs). */
  public static Set<String> thisMachineFeatures() {
    return ThisMachine.FEATURES;
  }

  public ProbeResult check() {
    String library = "bundled " + NativeLibrary.bundledFolder(osName, arch);
    Set<String> present = normalize(flags.get());
    List<String> features = present.stream().filter(RELEVANT::contains).sorted().toList();
    String archFolder = NativeLibrary.archFolder(arch);
    if (archFolder.equals("aarch64")) {
      return new ProbeResult(true, "aarch64: the bundled library needs no optional features", library,
          features);
    }
    if (!archFolder.equals("x86_64")) {
      return new ProbeResult(false, "no bundled native library for arch " + arch, library, features);
    }
    List<String> missing = REQUIRED_X86_64.stream().filter(f -> !present.contains(f)).toList();
    if (!missing.isEmpty()) {
      return new ProbeResult(false, "cpu lacks " + String.join(", ", missing) + " (the " + library
          + " library needs " + String.join(", ", REQUIRED_X86_64) + ")", library, features);
    }
    return new ProbeResult(true, "cpu has " + String.join(", ", REQUIRED_X86_64), library, features);
  }

  private static final class ThisMachine {
    static final Set<String> FEATURES = Set.copyOf(normalize(readFlags()));
  }

  /** Lower case, /proc/cpuinfo spelling: macOS says "AVX1.0" and "SSE4.1", Linux "avx" and "sse4_1"; "pni" is sse3. */
  static Set<String> normalize(List<String> raw) {
    Set<String> out = new LinkedHashSet<>();
    for (String entry : raw) {
      for (String flag : entry.trim().split("\\s+")) {
        String f = flag.toLowerCase(Locale.ROOT);
        f = f.equals("avx1.0") ? "avx" : f.equals("pni") ? "sse3" : f.replace('.', '_');
        if (!f.isEmpty()) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** Linux /proc/cpuinfo, macOS sysctl, otherwise OSHI. */
  static List<String> readFlags() {
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (Files.isReadable(cpuinfo)) {
        return cpuinfoFlags(Files.readAllLines(cpuinfo, StandardCharsets.UTF_8));
      }
      if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac")) {
        return List.of(sysctl("machdep.cpu.features", "machdep.cpu.leaf7_features"));
      }
    } catch (IOException e) {
      // fall through to OSHI
    }
    return new SystemInfo().getHardware().getProcessor().getFeatureFlags();
  }

  /** The first "flags" (x86) or "Features" (arm) line: every core lists the same. */
  static List<String> cpuinfoFlags(List<String> lines) {
    for (String line : lines) {
      String key = line.split(":", 2)[0].trim();
      if ((key.equals("flags") || key.equals("Features")) && line.contains(":")) {
        return Arrays.asList(line.split(":", 2)[1].trim().split("\\s+"));
      }
    }
    return List.of();
  }

  private static String sysctl(String... keys) throws IOException {
    List<String> command = new ArrayList<>(List.of("sysctl", "-n"));
    command.addAll(List.of(keys));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (InputStream out = process.getInputStream()) {
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(5, TimeUnit.SECONDS);
      return text.replace('\n', ' ');
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted reading sysctl", e);
    }
  }
}
