package dev.mesh.node.cli;

/** Entry point of the mesh command (placeholder until the CLI lands). */
public final class Mesh {
  private Mesh() {}

  public static void main(String[] args) {
    System.out.println("mesh");
  }
}
