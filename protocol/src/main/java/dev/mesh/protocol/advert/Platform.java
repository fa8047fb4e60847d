package dev.mesh.protocol.advert;

import java.util.List;

/** The machine: os ("linux", "mac"), arch ("aarch64", "x86_64"), cores, CPU features ("avx2"). */
public record Platform(String os, String arch, int cores, List<String> cpuFeatures) {
  public Platform {
    cpuFeatures = cpuFeatures == null ? List.of() : List.copyOf(cpuFeatures);
  }

  public boolean hasFeature(String feature) {
    return cpuFeatures.stream().anyMatch(feature::equalsIgnoreCase);
  }
}
