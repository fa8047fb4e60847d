package dev.mesh.protocol.json;

import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.advert.Platform;
import dev.mesh.protocol.advert.Power;
import dev.mesh.protocol.advert.Transports;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import java.time.Instant;
import java.util.List;

/** Fully populated documents for round-trip and example tests. */
public final class Samples {
  public static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456Z");

  private Samples() {}

  public static TaskRequest chatRequest() {
    return new TaskRequest(TaskKind.CHAT, "stories260K", null,
        List.of(ChatMessage.system("You are brief."), ChatMessage.user("Tell me a story.")), null, null,
        new TaskParams(0.7, 64, List.of("\n\n"), 42L, 0.9),
        new Requirements(null, "llama", 256, true), "order-42:v1", T0.plusSeconds(300), 120)
        .withPriority(Priority.INTERACTIVE);
  }

  public static TaskRecord succeededRecord() {
    Task task = Task.accept(chatRequest(), "t-01J0ABC", "pi-1", T0);
    Usage usage = new Usage(12, 30);
    TaskResult result = TaskResult.generated("Once upon a time...", usage,
        Timings.of(4, 30, 600, 640, usage), "mini-1", "stories260K", false);
    return TaskRecord.queued(task)
        .withHop(new Hop("pi-1", T0.plusMillis(2), HopEvent.ROUTED, "mini-1: est 0.7 s (best); pi-1: est 4.1 s"))
        .running("mini-1", T0.plusMillis(4))
        .succeeded(result, T0.plusMillis(644));
  }

  public static NodeAdvert nodeAdvert() {
    ModelInfo model = new ModelInfo("stories260K", "/models/stories260K.gguf", "llama", 260_000L, "F32", 512,
        List.of(TaskKind.GENERATE, TaskKind.CHAT), 12_000_000L, 3500.5, 420.25, 7, false, true, 9_000_000L);
    return new NodeAdvert(MeshJson.SCHEMA_VERSION, "pi-1", "pi", "pi.local", "0.1.0", T0,
        new Platform("linux", "aarch64", 4, List.of("neon", "asimd")),
        new Memory(8L << 30, 5L << 30, 1L << 30), List.of(model),
        new LocalEngine(true, null, "java-llama.cpp 4.2.0"), new Load(1, 2, 2, 3.5), new Power(3.5, 7.0),
        NodeState.UP, null, new Transports(true, "/srv/mesh/inbox/pi-1"), 17, T0.plusSeconds(60));
  }
}
