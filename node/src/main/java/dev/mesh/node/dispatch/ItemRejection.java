package dev.mesh.node.dispatch;

import dev.mesh.protocol.error.ApiError;

/**
 * One request of a batch refused, which refuses the batch: {@link #error()} names the item for a caller that
 * sent the batch as a list ({@code [3]: ...}, field {@code [3].prompt}); {@code index} and {@code itemError} let
 * a caller that built the batch from something else (a webhook's payload) name it in its own terms.
 */
public final class ItemRejection extends Rejection {
  private static final long serialVersionUID = 1L;
  private final int index;
  private final transient ApiError itemError;

  ItemRejection(int index, ApiError itemError) {
    super(new ApiError(itemError.code(), "[" + index + "]: " + itemError.message(),
        "[" + index + "]" + (itemError.field() == null ? "" : "." + itemError.field())));
    this.index = index;
    this.itemError = itemError;
  }

  public int index() {
    return index;
  }

  /** The error as the item alone would have had it. */
  public ApiError itemError() {
    return itemError;
  }
}
