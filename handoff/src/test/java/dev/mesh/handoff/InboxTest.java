package dev.mesh.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.protocol.task.TaskKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxTest {
  @TempDir Path root;

  @Test
  void aPublishedTaskIsClaimedOnceAndMovesToTheClaimersFolder() throws IOException {
    Fixtures f = Fixtures.at(root);
    f.inbox.publish(Fixtures.task("t-1"), null);

    Claim claim = f.inbox.claimNext("pi", t -> true).orElseThrow();

    assertThat(claim.id()).isEqualTo("t-1");
    assertThat(claim.task().fromNode()).isTrue();
    assertThat(claim.file()).isEqualTo(root.toRealPath().resolve("claims/pi/t-1.json"));
    assertThat(f.inbox.claimNext("macmini", t -> true)).isEmpty();
    assertThat(Files.exists(root.resolve("inbox/t-1.json"))).isFalse();
  }

  @Test
  void aNodesOwnFolderComesBeforeTheSharedInboxAndIsNotTakenByOthers() throws IOException {
    Fixtures f = Fixtures.at(root);
    f.inbox.publish(Fixtures.task("t-shared"), null);
    f.inbox.publish(Fixtures.task("t-mine"), "pi");

    assertThat(f.inbox.claimNext("macmini", t -> true)).map(Claim::id).hasValue("t-shared");
    assertThat(f.inbox.claimNext("macmini", t -> true)).isEmpty();
    assertThat(f.inbox.claimNext("pi", t -> true)).map(Claim::id).hasValue("t-mine");
  }

  @Test
  void aTaskForAGoneNodeCanBeReaddressedToAnyNodeWhileItStillWaits() throws IOException {
    Fixtures f = Fixtures.at(root);
    f.inbox.publish(Fixtures.task("t-1"), "imac");
    f.inbox.publish(Fixtures.task("t-2"), "imac");
    f.inbox.publish(Fixtures.task("t-shared"), null);
    assertThat(f.inbox.claimNext("imac", t -> t.id().equals("t-2"))).isPresent();

    assertThat(f.inbox.addressedTo("t-1")).hasValue("imac");
    assertThat(f.inbox.addressedTo("t-shared")).isEmpty();
    assertThat(f.inbox.readdressToAny("t-1", "imac")).isTrue();
    assertThat(f.inbox.readdressToAny("t-2", "imac")).as("claimed already: stays with its claimer").isFalse();
    assertThat(f.inbox.addressedTo("t-1")).isEmpty();
    assertThat(f.inbox.claimNext("pi", t -> t.id().equals("t-1"))).map(Claim::id).hasValue("t-1");
  }

  @Test
  void aTaskIsPresentWhileItWaitsOrIsClaimedAndNotBeforeOrAfter() throws IOException {
    Fixtures f = Fixtures.at(root);
    assertThat(f.inbox.present("t-1")).isFalse();
    f.inbox.publish(Fixtures.task("t-1"), "imac");
    assertThat(f.inbox.present("t-1")).isTrue();
    Claim claim = f.inbox.claimNext("imac", t -> true).orElseThrow();
    assertThat(f.inbox.present("t-1")).as("claimed").isTrue();
    f.results.store(Fixtures.ended(claim.task().record(), "imac", "done"));
    f.leases.release(claim);
    assertThat(f.inbox.present("t-1")).as("ended: only its result is left").isFalse();
  }

  @Test
  void aTaskTheNodeCannotRunIsLeftForOthers() throws IOException {
    Fixtures f = Fixtures.at(root);
    f.inbox.publish(Fixtures.task("t-gen", "{\"kind\":\"generate\",\"prompt\":\"hi\"}"), null);

    assertThat(f.inbox.claimNext("pi", t -> t.record().task().request().kind() == TaskKind.EMBED)).isEmpty();
    assertThat(f.inbox.claimNext("macmini", t -> true)).map(Claim::id).hasValue("t-gen");
  }

  @Test
  void aBareRequestDroppedByAScriptBecomesATaskNamedByItsFile() throws IOException {
    Fixtures f = Fixtures.at(root);
    Files.writeString(root.resolve("inbox/score-17.json"), "{\"kind\":\"classify\",\"prompt\":\"paper\","
        + "\"labels\":[\"relevant\",\"noise\"]}");

    Claim claim = f.inbox.claimNext("pi", t -> true).orElseThrow();

    assertThat(claim.id()).isEqualTo("score-17");
    assertThat(claim.task().fromNode()).isFalse();
    assertThat(claim.task().record().task().origin()).isEqualTo(HandoffTask.ORIGIN);
    assertThat(claim.task().record().task().request().kind()).isEqualTo(TaskKind.CLASSIFY);
  }

  @Test
  void aTaskRepublishedAfterItsResultIsDroppedNotRunAgain() throws IOException {
    Fixtures f = Fixtures.at(root);
    f.inbox.publish(Fixtures.task("t-1"), null);
    Claim claim = f.inbox.claimNext("pi", t -> true).orElseThrow();
    f.results.store(Fixtures.ended(claim.task().record(), "pi", "done"));
    f.leases.release(claim);

    f.inbox.publish(Fixtures.task("t-1"), null);

    assertThat(f.inbox.claimNext("macmini", t -> true)).isEmpty();
    assertThat(Inbox.waiting(f.dir.inbox())).isEmpty();
  }

  @Test
  void foldersAndFilesAreTheOwnersOnly() throws IOException {
    Fixtures f = Fixtures.at(root);
    Path published = f.inbox.publish(Fixtures.task("t-1"), "pi");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(published))).isEqualTo("rw-------");
    for (String folder : new String[] {"inbox", "to", "to/pi", "claims", "results", "rejected", "nodes"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(folder))))
          .as(folder).isEqualTo("rwx------");
    }
  }

  @Test
  void countsWhatWaits() throws IOException {
    Fixtures f = Fixtures.at(root);
    f.inbox.publish(Fixtures.task("t-1"), null);
    f.inbox.publish(Fixtures.task("t-2"), "pi");
    f.inbox.publish(Fixtures.task("t-3"), "imac");

    assertThat(f.inbox.pending()).isEqualTo(3);
  }
}
