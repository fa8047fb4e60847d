package dev.mesh.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mesh.node.testing.AdvertForger;
import dev.mesh.node.testing.MeshCluster;
import dev.mesh.node.testing.NodeProcess;
import dev.mesh.node.testing.Poll;
import dev.mesh.node.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): three nodes appear as cards, a task sent through the page's form shows up with its
 * route, a node killed -9 turns its card down within the failure-detection time, and at a phone's width the
 * page reflows. Screenshots are left in {@code target/dashboard*.png}.
 */
class DashboardIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  /** kill -9 is seen at once (the socket closes); the page polls every second: well inside the 5 s heartbeat limit. */
  private static final Duration FAILURE_DETECTION = Duration.ofSeconds(5);

  @Test
  void showsTheMeshTakesATaskAndSeesANodeGo() throws Exception {
    assertThat(CHROMIUM).as("apt-get install chromium chromium-driver").isExecutable();
    assertThat(DRIVER).as("apt-get install chromium chromium-driver").isExecutable();
    try (MeshCluster mesh = MeshCluster.builder()
        // a's one remote answers nobody (nothing listens there): its circuit is open from the start
        .node("a", null, "engine: {enabled: false}\nremotes: [{name: attic-ollama, api: ollama, url: 'http://127.0.0.1:"
            + NodeProcess.freePort() + "', network: lan, models: [attic-model]}]\n")
        .node("b", TestModels.synthetic(), null)
        .node("c", TestModels.synthetic(), null)
        .start()) {
      ChromeDriver browser = chrome();
      try {
        browser.get("http://127.0.0.1:" + mesh.node("a").port() + "/");
        Poll.until("three node cards", Duration.ofSeconds(20), () -> cards(browser).size() == 3);
        assertThat(cards(browser)).extracting(c -> c.getAttribute("data-node")).containsExactly("a", "b", "c");
        assertThat(card(browser, "b").getAttribute("data-state")).isEqualTo("up");
        assertThat(card(browser, "b").getText()).contains("synthetic").contains("tok/s");
        assertThat(card(browser, "a").getText()).contains("no local engine")
            .contains("attic-model via attic-ollama (open)");
        WebElement remote = Poll.until("the remote listed, out", Duration.ofSeconds(10), () -> {
          List<WebElement> rows = browser.findElements(By.cssSelector("#remotes tr[data-remote='attic-ollama']"));
          return !rows.isEmpty() && "open".equals(rows.get(0).getAttribute("data-circuit")) ? rows.get(0) : null;
        });
        assertThat(remote.getText()).contains("a").contains("lan").contains("open (unreachable");
        // a member that never advertises (no mesh key here: any advert would do) is shown as a stranger
        try (AdvertForger stranger = AdvertForger.join(mesh)) {
          WebElement shown = Poll.until("the stranger shown", Duration.ofSeconds(30), () -> {
            List<WebElement> found = browser.findElements(By.cssSelector("#security .stranger"));
            return found.isEmpty() ? null : found.get(0);
          });
          assertThat(shown.getText()).contains("stranger 127.0.0.1:").contains("lite member");
          assertThat(browser.findElement(By.id("security")).getText()).contains("mesh key").contains("off");
        }

        assertThat(browser.findElement(By.id("kind")).getAttribute("value")).isEqualTo("generate");
        browser.findElement(By.id("text")).sendKeys("Once upon a time");
        browser.findElement(By.id("submit")).click();
        String id = Poll.until("the page to say the task was sent", Duration.ofSeconds(10), () -> {
          String task = browser.findElement(By.id("submitted")).getAttribute("data-task");
          return task == null || task.isEmpty() ? null : task;
        });
        WebElement row = Poll.until("task " + id + " listed as succeeded", Duration.ofSeconds(30), () -> {
          List<WebElement> rows = browser.findElements(By.cssSelector("tr[data-task='" + id + "']"));
          return !rows.isEmpty() && "succeeded".equals(rows.get(0).getAttribute("data-state")) ? rows.get(0) : null;
        });
        assertThat(row.getText()).contains("a accepted").containsPattern("[bc] finished");

        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

        long killed = System.nanoTime();
        mesh.node("c").kill9();
        Poll.until("c's card to turn down", FAILURE_DETECTION,
            () -> "down".equals(card(browser, "c").getAttribute("data-state")));
        System.out.printf("dashboard: c's card turned down %d ms after kill -9%n", (System.nanoTime() - killed) / 1_000_000);
        assertThat(card(browser, "c").getText()).contains("not heard for");
        assertThat(card(browser, "b").getAttribute("data-state")).isEqualTo("up");
        Files.write(Path.of("target/dashboard-node-down.png"), browser.getScreenshotAs(OutputType.BYTES));

        // a phone's width: the page reflows instead of scrolling sideways
        browser.manage().window().setSize(new Dimension(390, 844));
        Poll.until("the page to reflow", Duration.ofSeconds(5), () -> Boolean.TRUE.equals(browser.executeScript(
            "return document.documentElement.scrollWidth <= window.innerWidth")));
        Files.write(Path.of("target/dashboard-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }

  private static ChromeDriver chrome() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // a root user in a container has no sandbox to offer; /dev/shm is small there
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static List<WebElement> cards(ChromeDriver browser) {
    return browser.findElements(By.cssSelector("#nodes .card"));
  }

  private static WebElement card(ChromeDriver browser, String node) {
    return browser.findElement(By.cssSelector("#nodes .card[data-node='" + node + "']"));
  }
}
