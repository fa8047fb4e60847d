package dev.mesh.node.library;

import dev.mesh.node.library.FoundModel.Source;
import java.util.Objects;

/**
 * A model that discovery saw but cannot offer.
 *
 * @param where  the manifest, file or folder that is wrong
 * @param reason one line saying what is wrong with it
 */
public record SkippedModel(Source source, String where, String reason) {

  public SkippedModel {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(reason, "reason");
  }
}
