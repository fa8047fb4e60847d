package dev.mesh.node.cancel;

import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks one request waits for, cancelled if its client goes away before its answer is written: nobody could
 * receive that answer any more, so the engine should not go on making it. Told of the close by the request's close
 * handler; a close after the answer ended cancels nothing. Thread-safe (the tasks are accepted on the node's context).
 */
public final class ClientWatch {
  private final HttpServerResponse response;
  private final Canceller canceller;
  private final String why;
  private final List<String> tasks = new ArrayList<>();
  private boolean gone;

  /** @param request what the client asked, for the cancelled task's record ("POST /v1/chat/completions") */
  public ClientWatch(HttpServerResponse response, Canceller canceller, String request) {
    this.response = response;
    this.canceller = canceller;
    this.why = "its client went away before the answer to " + request;
  }

  /** A task of this request exists now: cancelled at once if the client has gone already. */
  public void accepted(String id) {
    synchronized (this) {
      if (!gone) {
        tasks.add(id);
        return;
      }
    }
    canceller.abandoned(id, why);
  }

  /** The client's connection closed: unless the answer was written whole, its tasks are cancelled. */
  public void closed() {
    List<String> abandoned;
    synchronized (this) {
      if (gone || response.ended()) {
        return;
      }
      gone = true;
      abandoned = List.copyOf(tasks);
    }
    abandoned.forEach(id -> canceller.abandoned(id, why));
  }
}
