package dev.mesh.protocol;

/** The version of every document mesh writes ({@code "schema":1}); readers refuse any other. */
public final class Schema {
  public static final int VERSION = 1;

  private Schema() {}
}
