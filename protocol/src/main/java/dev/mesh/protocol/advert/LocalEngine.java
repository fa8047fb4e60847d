package dev.mesh.protocol.advert;

/** Whether this node can run inference itself; when not, why (e.g. "cpu lacks avx2"). */
public record LocalEngine(boolean available, String reason, String library) {
  public static LocalEngine unavailable(String reason) {
    return new LocalEngine(false, reason, null);
  }
}
