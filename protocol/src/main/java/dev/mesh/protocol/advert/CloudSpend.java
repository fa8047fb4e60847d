package dev.mesh.protocol.advert;

/**
 * What a node's cloud remotes used on one UTC day ({@code day}, ISO {@code 2026-11-30}): tokens in and out together,
 * and their cost by the remotes' prices. The mesh's daily cloud budget is checked against the sum over the live
 * nodes' adverts of the same day.
 */
public record CloudSpend(String day, long tokens, double cost) {
  public static CloudSpend none(String day) {
    return new CloudSpend(day, 0, 0);
  }
}
