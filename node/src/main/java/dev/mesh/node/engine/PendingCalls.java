package dev.mesh.node.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls sent to the engine and not yet answered, by request id; oldest first, as the engine runs them. */
final class PendingCalls {
  private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);

  /** @param handle the future the caller holds, so cancel(future) can find the request id */
  record Call(String activity, CompletableFuture<JsonNode> reply, Consumer<String> onToken, Object handle) {
  }

  private final Map<Long, Call> calls = new ConcurrentSkipListMap<>();

  void add(long id, Call call) {
    calls.put(id, call);
  }

  Call remove(long id) {
    return calls.remove(id);
  }

  /** Routes one reply: tokens to the caller's consumer, errors and final replies to its future. */
  void dispatch(JsonNode reply) {
    long id = reply.path("id").asLong();
    String op = reply.path("op").asText();
    if (op.equals("token")) {
      Call call = calls.get(id);
      if (call != null && call.onToken() != null) {
        deliverToken(call, reply.path("text").asText());
      }
      return;
    }
    Call call = calls.remove(id);
    if (call == null) {
      LOG.debug("engine reply for unknown request {}: {}", id, op);
    } else if (op.equals("error")) {
      call.reply().completeExceptionally(new EngineException(reply.path("code").asText("internal"),
          reply.path("message").asText()));
    } else {
      call.reply().complete(reply);
    }
  }

  private static void deliverToken(Call call, String text) {
    try {
      call.onToken().accept(text);
    } catch (RuntimeException e) { // a caller's bug must not stop the reader thread
      LOG.warn("token consumer failed: {}", e.toString());
    }
  }

  /** What the engine is busy with: the oldest call's activity (the worker runs them in order). */
  String activity() {
    return calls.values().stream().findFirst().map(Call::activity).orElse("idle");
  }

  OptionalLong idOf(Object handle) {
    return calls.entrySet().stream().filter(e -> e.getValue().handle() == handle)
        .mapToLong(Map.Entry::getKey).findFirst();
  }

  void failAll(Function<String, Throwable> failureForActivity) {
    for (Long id : calls.keySet()) {
      Call call = calls.remove(id);
      if (call != null) {
        call.reply().completeExceptionally(failureForActivity.apply(call.activity()));
      }
    }
  }
}
