package dev.mesh.node.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the dashboard, one HTML page with its CSS and script inline (no build step), which polls
 * {@code /cluster/status} every second. Open like {@code /health}: the page holds no data; its requests carry
 * the API key the user types in, when the node wants one.
 */
public final class DashboardRoute {
  private static final String PAGE = "/dev/mesh/node/dashboard/index.html";
  private final Buffer page;

  public DashboardRoute() {
    try (InputStream in = DashboardRoute.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard page is missing from the jar: " + PAGE);
      }
      page = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void mount(Router router) {
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("content-security-policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
        .end(page));
  }
}
