package dev.mesh.node.hooks;

import dev.mesh.node.signing.Signature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mesh.node.cluster.SharedMap;
import dev.mesh.node.dispatch.ItemRejection;
import dev.mesh.node.dispatch.Rejection;
import dev.mesh.node.dispatch.TaskIntake;
import dev.mesh.node.jobs.JobStore;
import dev.mesh.node.jobs.JobWatcher;
import dev.mesh.protocol.json.StrictUtf8;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.job.Job;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * {@code POST /hooks/{name}}: checks a delivery in the order that costs an attacker the most and mesh the
 * least — hook known (404), size (413, before parsing), signature over timestamp, delivery id and body (401),
 * timestamp within the hook's tolerance (401), delivery id never seen (409) — then maps the JSON to tasks
 * (400 naming the payload field that did not fit) and accepts them as one job: 202 with the job's id.
 */
public final class HookRoute {
  /** The cluster-wide map of delivery ids seen lately (a replay sent to another node is still a replay). */
  public static final String DELIVERY_IDS_MAP = DeliveryLog.MAP_NAME;
  private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final Vertx vertx;
  private final Hooks hooks;
  private final DeliveryLog deliveries;
  private final TaskIntake intake;
  private final JobStore jobs;
  private final JobWatcher watcher;
  private final String nodeName;
  private final Clock clock;
  private final BiConsumer<RoutingContext, Throwable> fail;

  public HookRoute(Vertx vertx, Hooks hooks, java.nio.file.Path dataDir, SharedMap<Long> deliveryIds,
      TaskIntake intake, JobStore jobs, JobWatcher watcher, String nodeName, Clock clock,
      BiConsumer<RoutingContext, Throwable> fail) throws IOException {
    this.vertx = vertx;
    this.hooks = hooks;
    this.deliveries = new DeliveryLog(dataDir, deliveryIds, clock);
    this.intake = intake;
    this.jobs = jobs;
    this.watcher = watcher;
    this.nodeName = nodeName;
    this.clock = clock;
    this.fail = fail;
  }

  public void mount(Router router) {
    router.post("/hooks/:name").handler(this::deliver);
  }

  private void deliver(RoutingContext ctx) {
    Hooks.Hook hook;
    byte[] body;
    String delivery;
    try {
      hook = hooks.get(ctx.pathParam("name"))
          .orElseThrow(() -> Rejection.notFound("no hook named '" + ctx.pathParam("name") + "'"));
      Buffer raw = ctx.body().buffer();
      body = raw == null ? new byte[0] : raw.getBytes();
      if (body.length > hook.maxBodyBytes()) {
        throw Rejection.of(ErrorCodes.BODY_TOO_LARGE, "the delivery is " + body.length + " bytes; hook '" + hook.name()
            + "' takes at most " + hook.maxBodyBytes(), null);
      }
      delivery = authenticate(ctx, hook, body);
    } catch (Rejection refused) {
      fail.accept(ctx, refused);
      return;
    }
    int keepSeconds = 2 * hook.config().toleranceOrDefault();
    vertx.executeBlocking(() -> deliveries.reserve(hook.name(), delivery, keepSeconds), false)
        .compose(first -> first ? Future.succeededFuture() : Future.failedFuture(Rejection.of(
            ErrorCodes.REPLAYED_DELIVERY, "delivery '" + delivery + "' was received before: a replay is not run again",
            Signature.DELIVERY_HEADER)))
        .onSuccess(reserved -> acceptJob(ctx, hook, body, delivery))
        .onFailure(e -> fail.accept(ctx, e));
  }

  /** The delivery's id is reserved: its job is accepted and the id recorded, or the id is given back. */
  private void acceptJob(RoutingContext ctx, Hooks.Hook hook, byte[] body, String delivery) {
    Future.succeededFuture(body).map(b -> tasksOf(hook, b))
        .compose(requests -> intake.submitAll(requests).recover(e -> Future.failedFuture(inPayload(hook, e))))
        .compose(records -> jobs.create(Job.of(JobStore.nextId(clock.instant()), hook.name(), nodeName,
            clock.instant(), records.stream().map(TaskRecord::id).toList(), hook.config().callback())))
        .compose(job -> vertx.executeBlocking(() -> {
          deliveries.record(hook.name(), delivery);
          return job;
        }, false))
        .onSuccess(job -> {
          watcher.watch(job);
          accepted(ctx, job);
        })
        .onFailure(e -> {
          vertx.executeBlocking(() -> {
            deliveries.release(hook.name(), delivery);
            return null;
          }, false);
          fail.accept(ctx, e);
        });
  }

  /** Returns the delivery id once the signature, timestamp and id are all good; 401 otherwise, saying which. */
  private String authenticate(RoutingContext ctx, Hooks.Hook hook, byte[] body) {
    String signature = ctx.request().getHeader(Signature.SIGNATURE_HEADER);
    String timestamp = ctx.request().getHeader(Signature.TIMESTAMP_HEADER);
    String delivery = ctx.request().getHeader(Signature.DELIVERY_HEADER);
    if (signature == null || signature.isBlank()) {
      throw unauthorized("missing " + Signature.SIGNATURE_HEADER + ": sha256=<hex HMAC-SHA256 of"
          + " '<timestamp>.<delivery id>.<body>' with the hook's secret>");
    }
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp == null ? "" : timestamp.trim());
    } catch (NumberFormatException e) {
      throw unauthorized("missing or malformed " + Signature.TIMESTAMP_HEADER + ": unix seconds when it was sent");
    }
    if (delivery == null || !DELIVERY_ID.matcher(delivery).matches()) {
      throw unauthorized("missing or malformed " + Signature.DELIVERY_HEADER + ": a unique id per delivery (1-128 of"
          + " letters, digits, '.', '_', ':', '-')");
    }
    if (!hook.signature().verify(signature, timestamp.trim(), delivery, body)) {
      throw unauthorized("the signature does not match this delivery (HMAC-SHA256 of '<timestamp>.<delivery id>."
          + "<body>' with hook '" + hook.name() + "''s secret)");
    }
    long skew = clock.instant().getEpochSecond() - sentAt;
    if (Math.abs(skew) > hook.config().toleranceOrDefault()) {
      throw unauthorized("the delivery's timestamp is " + Math.abs(skew) + " s " + (skew > 0 ? "old" : "in the future")
          + "; hook '" + hook.name() + "' takes at most " + hook.config().toleranceOrDefault() + " s");
    }
    return delivery;
  }

  private static List<TaskRequest> tasksOf(Hooks.Hook hook, byte[] body) {
    StrictUtf8.check(body, "the delivery"); // signed or not, bytes that are not UTF-8 never become a prompt
    JsonNode payload;
    try {
      payload = MeshJson.mapper().readTree(body);
    } catch (IOException e) {
      throw Rejection.of(ErrorCodes.INVALID_JSON, "the delivery is not valid JSON", null);
    }
    if (payload == null || payload.isMissingNode()) {
      throw Rejection.of(ErrorCodes.INVALID_JSON, "the delivery is empty; expected JSON", null);
    }
    try {
      return hook.mapping().map(payload);
    } catch (MappingException e) {
      throw Rejection.of(ErrorCodes.MAPPING_FAILED, e.getMessage(), e.field());
    }
  }

  /** A refused task of a job, named by where its element is in the payload ({@code /items/3}). */
  private static Throwable inPayload(Hooks.Hook hook, Throwable failure) {
    if (!(failure instanceof ItemRejection r)) {
      return failure;
    }
    ApiError e = r.itemError();
    String element = hook.mapping().many() ? hook.config().each() + "/" + r.index() : "";
    String task = e.field() == null ? "" : " (task field " + e.field() + ")";
    return new Rejection(new ApiError(e.code(), (element.isEmpty() ? "the delivery" : "element " + element)
        + " became a task that was refused" + task + ": " + e.message(), element.isEmpty() ? "/" : element));
  }

  private static void accepted(RoutingContext ctx, Job job) {
    ObjectNode body = MeshJson.mapper().createObjectNode().put("job", job.id()).put("count", job.tasks().size());
    if (job.tasks().size() == 1) {
      body.put("task", job.tasks().get(0));
    }
    job.tasks().forEach(body.putArray("tasks")::add);
    try {
      ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
          .putHeader("location", "/v1/jobs/" + job.id()).end(Buffer.buffer(MeshJson.mapper().writeValueAsBytes(body)));
    } catch (IOException e) {
      ctx.fail(e);
    }
  }

  private static Rejection unauthorized(String message) {
    return Rejection.of(ErrorCodes.UNAUTHORIZED, message, null);
  }
}
