package dev.mesh.node.hooks;

/** A delivery's JSON could not be turned into tasks: {@code field} is the JSON Pointer into the payload. */
final class MappingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  MappingException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }
}
