package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void replacesContentAndLeavesNoTempFiles() throws IOException {
    Path target = dir.resolve("task.json");
    AtomicFiles.write(target, "one".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "two".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(target)).isEqualTo("two");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void writesOwnerOnlyFiles() throws IOException {
    Path target = dir.resolve("secret.json");
    AtomicFiles.write(target, new byte[] {1});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
  }

  @Test
  void refusesToReadThroughASymlink() throws IOException {
    Path real = dir.resolve("real.json");
    Files.writeString(real, "{}");
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
    assertThatThrownBy(() -> AtomicFiles.readRegular(link, 100)).hasMessageContaining("not a regular file");
  }

  @Test
  void aMissingFileIsNoSuchFileNotABadOne() {
    // readers tell "gone or not there yet" (skip) from "there but bad" (quarantine) by this exception
    assertThatThrownBy(() -> AtomicFiles.readRegular(dir.resolve("absent.json"), 100))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void refusesOversizedFilesBeforeReadingThem() throws IOException {
    Path big = dir.resolve("big.json");
    Files.write(big, new byte[1000]);
    assertThatThrownBy(() -> AtomicFiles.readRegular(big, 999)).hasMessageContaining("over the limit of 999");
  }

  @Test
  void refusesASymlinkAsDataFolder() throws IOException {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertThatThrownBy(() -> AtomicFiles.ownerOnlyDirectory(link)).hasMessageContaining("symbolic link");
  }
}
