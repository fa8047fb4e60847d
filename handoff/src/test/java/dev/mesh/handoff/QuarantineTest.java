package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad file in the inbox is moved aside with a note saying why, and nothing crashes the reader. */
class QuarantineTest {
  @TempDir Path root;
  @TempDir Path outside;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not-json.json      | hello there                                    | is not JSON",
      "truncated.json     | {\"kind\":\"embed\",\"inp                      | is not JSON",
      "array.json         | [1,2,3]                                        | is not a JSON object",
      "no-kind.json       | {\"input\":\"a\"}                              | kind",
      "bad-kind.json      | {\"kind\":\"dance\",\"input\":\"a\"}           | kind",
      "wrong-type.json    | {\"kind\":\"embed\",\"input\":42}              | input",
      "no-suffix.txt      | {\"kind\":\"embed\",\"input\":\"a\"}           | is not <id>.json",
      "bad name!.json     | {\"kind\":\"embed\",\"input\":\"a\"}           | is not <id>.json",
      "-x..y.json         | {\"kind\":\"embed\",\"input\":\"a\"}           | is not <id>.json",
  })
  void aBadTaskFileIsQuarantinedWithItsReason(String name, String content, String reason) throws IOException {
    Fixtures f = Fixtures.at(root);
    Files.writeString(f.dir.inbox().resolve(name), content);

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, name, reason);
  }

  @Test
  void anOversizedFileIsQuarantinedUnread() throws IOException {
    Fixtures f = Fixtures.at(root);
    String big = "{\"kind\":\"embed\",\"input\":\"" + "a".repeat((int) Fixtures.MAX_BYTES) + "\"}";
    Files.writeString(f.dir.inbox().resolve("big.json"), big);

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, "big.json", "over the limit of " + Fixtures.MAX_BYTES);
  }

  /** Jackson alone reads C0 AF as "/": a script's file with an overlong form never becomes a prompt. */
  @Test
  void aFileThatIsNotStrictUtf8IsQuarantinedNamingTheField() throws IOException {
    Fixtures f = Fixtures.at(root);
    byte[] head = "{\"kind\":\"generate\",\"prompt\":\"..".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 4];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xC0;
    body[head.length + 1] = (byte) 0xAF;
    body[head.length + 2] = '"';
    body[head.length + 3] = '}';
    Files.write(f.dir.inbox().resolve("overlong.json"), body);

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, "overlong.json", "prompt is not valid UTF-8: bytes C0 AF");
  }

  @Test
  void aSymlinkIsMovedAsALinkAndNeverFollowed() throws IOException {
    Fixtures f = Fixtures.at(root);
    Path secret = outside.resolve("secret.json");
    Files.writeString(secret, "{\"kind\":\"embed\",\"input\":\"private\"}");
    Files.createSymbolicLink(f.dir.inbox().resolve("t-link.json"), secret);

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, "t-link.json", "symbolic link");
    assertThat(Files.isSymbolicLink(f.dir.rejected().resolve("t-link.json"))).isTrue();
    assertThat(Files.readString(secret)).contains("private"); // the target stays where it was, untouched
  }

  @Test
  void aFolderInTheInboxIsQuarantined() throws IOException {
    Fixtures f = Fixtures.at(root);
    Files.createDirectory(f.dir.inbox().resolve("t-dir.json"));

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, "t-dir.json", "not a regular file");
  }

  @Test
  void aRecordNamedForAnotherTaskIsQuarantined() throws IOException {
    Fixtures f = Fixtures.at(root);
    Path published = f.inbox.publish(Fixtures.task("t-1"), null);
    Files.move(published, f.dir.inbox().resolve("t-2.json"));

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, "t-2.json", "holds task 't-1' but is named for 't-2'");
  }

  @Test
  void anIdThatWouldEscapeItsFolderNeverBecomesAPath() throws IOException {
    Fixtures f = Fixtures.at(root);
    String record = new String(Files.readAllBytes(f.inbox.publish(Fixtures.task("t-1"), null)), StandardCharsets.UTF_8);
    Files.delete(f.dir.inbox().resolve("t-1.json"));
    Files.writeString(f.dir.inbox().resolve("t-3.json"), record.replace("\"t-1\"", "\"../../etc/passwd\""));

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, "t-3.json", "named for 't-3'");
  }

  @Test
  void aFileStillBeingWrittenIsLeftAloneUntilItSettles() throws IOException {
    Fixtures f = new Fixtures(root, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(1));
    Files.writeString(f.dir.inbox().resolve("t-half.json"), "{\"kind\":\"emb");

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertThat(f.dir.inbox().resolve("t-half.json")).exists();
    assertThat(f.rejections).isEmpty();
  }

  /** A future mtime would make its age negative forever: the settle time counts from the first failed read too. */
  @Test
  void aBadFileWithAnMtimeInTheFutureIsQuarantinedOnceItHasFailedForTheSettleTime() throws IOException {
    Instant[] now = {Instant.parse("2026-11-30T12:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    Fixtures f = new Fixtures(root, clock, Duration.ofSeconds(30), Duration.ofMinutes(1));
    Path file = f.dir.inbox().resolve("t-future.json");
    Files.writeString(file, "not json");
    Files.setLastModifiedTime(file, FileTime.from(now[0].plus(Duration.ofDays(365))));

    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();
    assertThat(file).as("left alone while it may still be being written").exists();
    now[0] = now[0].plus(Duration.ofMinutes(1));
    assertThat(f.inbox.claimNext("pi", t -> true)).isEmpty();

    assertRejected(f, "t-future.json", "is not JSON");
  }

  @Test
  void aGoodFileAfterBadOnesIsStillClaimed() throws IOException {
    Fixtures f = Fixtures.at(root);
    Files.writeString(f.dir.inbox().resolve("a-bad.json"), "nope");
    f.inbox.publish(Fixtures.task("t-good"), null);

    assertThat(f.inbox.claimNext("pi", t -> true)).map(Claim::id).hasValue("t-good");
  }

  private static void assertRejected(Fixtures f, String name, String reason) throws IOException {
    assertThat(Files.exists(f.dir.inbox().resolve(name), LinkOption.NOFOLLOW_LINKS)).as("left in inbox").isFalse();
    assertThat(Files.exists(f.dir.rejected().resolve(name), LinkOption.NOFOLLOW_LINKS)).as("moved to rejected").isTrue();
    String note = Files.readString(f.dir.rejected().resolve(name + Quarantine.REASON_SUFFIX));
    assertThat(note).contains(name).contains(reason);
    assertThat(f.rejections).hasSize(1);
  }
}
