package dev.mesh.node.http;

import dev.mesh.node.cancel.Canceller;
import dev.mesh.node.config.AuthConfig;
import dev.mesh.node.config.HttpConfig;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.events.TaskEventsRoute;
import dev.mesh.node.jobs.TaskCallbacks;
import dev.mesh.node.ollama.OllamaRoutes;
import dev.mesh.node.openai.OpenAiRoutes;
import dev.mesh.node.store.TaskStore;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The node's HTTP API (README, HTTP API): routes, body limit, and errors in one format. */
public final class ApiServer {
  private final Vertx vertx;
  private final HttpConfig config;
  private final Router router;

  public ApiServer(Vertx vertx, HttpConfig config, AuthConfig auth, int maxWaitSeconds, TaskIntake intake,
      TaskStore store, Supplier<List<NodeAdvert>> mesh, HealthChecks health,
      TaskCallbacks callbacks, Canceller canceller, List<Consumer<Router>> features) {
    this.vertx = vertx;
    this.config = config;
    this.router = Router.router(vertx);
    // the body handler would decode forms and multipart (and fail on a GET that claims to carry one): the API
    // takes JSON only, so such a body is refused before anything reads it
    router.route().handler(ApiServer::refuseForms);
    if (auth.enabled()) {
      // before the body is read: a caller without a key never gets a megabyte buffered
      ApiKeyGate gate = ApiKeyGate.of(auth);
      router.route("/v1/*").handler(gate);
      router.route("/cluster/*").handler(gate);
      router.route("/api/*").handler(gate); // the Ollama API: Ollama clients send Authorization headers too
    }
    // the limit applies while reading, before any parsing: an oversized body is 413, never buffered
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(health));
    TaskEventsRoute events = new TaskEventsRoute(store, HttpErrors::fail);
    new TaskRoutes(intake, store, maxWaitSeconds, callbacks, canceller, events).mount(router);
    router.get("/v1/tasks/:id/events").handler(events);
    new OpenAiRoutes(intake, store, mesh, maxWaitSeconds, Clock.systemUTC(), canceller).mount(router);
    new OllamaRoutes(intake, store, mesh, maxWaitSeconds, Clock.systemUTC(), canceller).mount(router);
    features.forEach(mount -> mount.accept(router));
    router.route().last().handler(ctx -> ctx.fail(404));
    router.errorHandler(404, HttpErrors::routerFailure);
    router.errorHandler(405, HttpErrors::routerFailure);
    router.errorHandler(413, HttpErrors::routerFailure);
    router.errorHandler(400, HttpErrors::routerFailure);
    router.errorHandler(500, HttpErrors::routerFailure);
  }

  private static void refuseForms(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    String t = type == null ? "" : type.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("multipart/") || t.startsWith("application/x-www-form-urlencoded")) {
      HttpErrors.send(ctx, 415, ApiError.of(ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
          "content-type " + type + " is not taken: send JSON (application/json)"));
      return;
    }
    ctx.next();
  }

  public Future<HttpServer> listen() {
    return vertx.createHttpServer().requestHandler(router).listen(config.port(), config.host());
  }
}
