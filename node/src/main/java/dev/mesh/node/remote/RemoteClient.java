package dev.mesh.node.remote;

import dev.mesh.node.inference.StopSignal;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/** The calls mesh makes of a remote engine, in whichever API it speaks; every failure is a {@link RemoteFailure}. */
public interface RemoteClient {

  /** A chat completion, streamed: each piece of text as it comes, then the whole reply. */
  default Future<RemoteReply> chat(RemoteCall call, Consumer<String> onText) {
    return chat(call, onText, StopSignal.none());
  }

  /** The same; {@code stop} resets the request (its task was cancelled), and the call fails. */
  Future<RemoteReply> chat(RemoteCall call, Consumer<String> onText, StopSignal stop);

  Future<RemoteEmbedding> embed(String model, String input);

  /** The models it serves now (also its health probe: cheap, and costs no tokens). */
  Future<List<String>> models();
}
