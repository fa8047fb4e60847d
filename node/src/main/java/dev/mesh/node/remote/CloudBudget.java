package dev.mesh.node.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mesh.protocol.advert.CloudSpend;
import dev.mesh.protocol.advert.NodeAdvert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's daily cloud budget ({@code routing.cloudDailyTokens}, {@code routing.cloudDailyCost}; 0: none), as this
 * node sees it: what its own cloud remotes used today (kept in {@code cloud-spend.json} so a restart does not
 * forget it) plus what the other live nodes advertise for the same UTC day. Once the sum reaches either limit its
 * cloud models are advertised as past the budget, and tasks bound for them follow the outage rule. A node that
 * is down no longer advertises its spending: the budget is then counted short by that much.
 */
public final class CloudBudget {
  private static final Logger LOG = LoggerFactory.getLogger(CloudBudget.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "cloud-spend.json";

  private final long dailyTokens;
  private final double dailyCost;
  private final Path file;
  private final Clock clock;
  private CloudSpend today;

  public CloudBudget(long dailyTokens, double dailyCost, Path dataDir, Clock clock) {
    this.dailyTokens = dailyTokens;
    this.dailyCost = dailyCost;
    this.file = dataDir == null ? null : dataDir.resolve(FILE);
    this.clock = clock;
    this.today = read();
  }

  /** What this node's cloud remotes used today. */
  public synchronized CloudSpend today() {
    String day = day();
    if (!day.equals(today.day())) {
      today = CloudSpend.none(day);
    }
    return today;
  }

  /** A cloud call's tokens and cost, added to today's; written through (a small file, on the caller's thread). */
  public synchronized void spent(long tokens, double cost) {
    CloudSpend now = today();
    today = new CloudSpend(now.day(), now.tokens() + Math.max(0, tokens), now.cost() + Math.max(0, cost));
    write(today);
  }

  /** Whether the mesh's spending today (this node's and the others' adverts of the same day) reached a limit. */
  public boolean exhausted(String selfId, Collection<NodeAdvert> others) {
    if (dailyTokens <= 0 && dailyCost <= 0) {
      return false;
    }
    CloudSpend mine = today();
    long tokens = mine.tokens();
    double cost = mine.cost();
    for (NodeAdvert a : others) {
      CloudSpend s = a.cloudSpend();
      if (s != null && !Objects.equals(a.id(), selfId) && mine.day().equals(s.day())) {
        tokens += Math.max(0, s.tokens());
        cost += Math.max(0, s.cost());
      }
    }
    return (dailyTokens > 0 && tokens >= dailyTokens) || (dailyCost > 0 && cost >= dailyCost);
  }

  private String day() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
  }

  private CloudSpend read() {
    CloudSpend none = CloudSpend.none(day());
    if (file == null || !Files.isRegularFile(file)) {
      return none;
    }
    try {
      CloudSpend saved = JSON.readValue(file.toFile(), CloudSpend.class);
      return saved.day() != null && saved.day().equals(none.day()) ? saved : none;
    } catch (IOException e) {
      LOG.warn("{}: unreadable ({}); today's cloud spending starts from 0", file, e.getMessage());
      return none;
    }
  }

  private void write(CloudSpend spend) {
    if (file == null) {
      return;
    }
    try {
      Path tmp = file.resolveSibling(FILE + ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(spend));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("{}: cannot record today's cloud spending ({}); it counts in memory", file, e.getMessage());
    }
  }
}
