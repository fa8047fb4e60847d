package dev.mesh.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mesh.protocol.advert.LocalEngine;
import dev.mesh.protocol.advert.Load;
import dev.mesh.protocol.advert.Memory;
import dev.mesh.protocol.advert.ModelInfo;
import dev.mesh.protocol.advert.NodeAdvert;
import dev.mesh.protocol.advert.NodeState;
import dev.mesh.protocol.advert.Platform;
import dev.mesh.protocol.advert.Power;
import dev.mesh.protocol.advert.Transports;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.FieldError;
import dev.mesh.protocol.task.ChatMessage;
import dev.mesh.protocol.task.Hop;
import dev.mesh.protocol.task.HopEvent;
import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.Task;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import dev.mesh.protocol.task.TaskResult;
import dev.mesh.protocol.task.Timings;
import dev.mesh.protocol.task.Usage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class JsonRoundTripTest {
  private static final java.time.Instant T0 = Samples.T0;

  static Stream<Object> documents() {
    TaskRecord done = Samples.succeededRecord();
    Task task = done.task();
    return Stream.of(
        Samples.chatRequest(),
        TaskRequest.generate("hi"),
        TaskRequest.classify("great", List.of("positive", "negative")),
        TaskRequest.embed("text").withIdempotencyKey("k1"),
        new ChatMessage("user", "hi"),
        TaskParams.defaults(),
        new Requirements("m", "llama", 2048, true),
        task,
        new Usage(1, 2),
        Timings.of(1, 2, 3, 6, new Usage(10, 20)),
        new Hop("pi", T0, HopEvent.ROUTED, "only candidate"),
        done.result(),
        TaskResult.embedded(new float[] {0.25f, -1.5f, 3e-8f}, new Usage(4, 0), null, "pi", "e", true),
        TaskResult.classified("positive", "Positive", new Usage(5, 1), null, "pi", "m", false),
        TaskRecord.queued(task),
        done,
        TaskRecord.queued(task).running("pi", T0).failed(ApiError.of(ErrorCodes.ENGINE_CRASHED, "died", null), T0),
        TaskRecord.queued(task).expired(T0.plusSeconds(999)),
        new FieldError("labels[0]", "labels[0] must not be blank"),
        Samples.nodeAdvert(),
        Samples.nodeAdvert().withState(NodeState.DEGRADED, "engine restarting", T0),
        new Platform("mac", "x86_64", 2, List.of("sse4_1")),
        new Memory(4L << 30, 1L << 30, 1_500_000_000L),
        new ModelInfo("e", "e.gguf", "bert", 22_000_000L, "Q8_0", 512, List.of(), 40_000_000L, 0, 0, 0, true, false, 0),
        LocalEngine.unavailable("cpu lacks avx2"),
        new Load(0, 0, 1, 0),
        new Power(15, 120),
        new Transports(false, "/Volumes/mesh/inbox/imac"));
  }

  @ParameterizedTest
  @MethodSource("documents")
  void everyRecordSurvivesEncodeThenDecode(Object document) {
    String json = TaskCodec.encode(document);
    assertThat(TaskCodec.decode(json, document.getClass())).isEqualTo(document);
    assertThat(TaskCodec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), document.getClass()))
        .isEqualTo(document);
  }

  @Test
  void taskRecordStartsWithSchemaAndIdAndWritesLowercaseStates() {
    String json = TaskCodec.encode(Samples.succeededRecord());
    assertThat(json).startsWith("{\"schema\":1,\"id\":\"t-01J0ABC\",\"task\":{");
    assertThat(json).contains("\"state\":\"succeeded\"").contains("\"kind\":\"chat\"");
  }

  @Test
  void nodeAdvertCarriesSchemaOneAndLowercaseEnums() throws Exception {
    JsonNode tree = MeshJson.mapper().readTree(TaskCodec.encode(Samples.nodeAdvert()));
    assertThat(tree.get("schema").asInt()).isEqualTo(1);
    assertThat(tree.get("state").asText()).isEqualTo("up");
    assertThat(tree.at("/models/0/kinds").toString()).isEqualTo("[\"generate\",\"chat\"]");
  }

  @Test
  void writesInstantsAsIsoStringsAndOmitsNulls() {
    String json = TaskCodec.encode(new Hop("pi", T0, HopEvent.ACCEPTED, null));
    assertThat(json).isEqualTo("{\"node\":\"pi\",\"at\":\"2026-03-01T12:00:00.123456Z\",\"event\":\"accepted\"}");
  }

  @Test
  void writesErrorInsideEnvelopeOmittingNullField() {
    assertThat(TaskCodec.encodeError(ApiError.of(ErrorCodes.NOT_FOUND, "no task t-9")))
        .isEqualTo("{\"error\":{\"code\":\"not_found\",\"message\":\"no task t-9\"}}");
    ApiError withField = ApiError.of(ErrorCodes.INVALID_FIELD, "bad", "params.topP");
    assertThat(TaskCodec.encodeError(withField))
        .isEqualTo("{\"error\":{\"code\":\"invalid_field\",\"message\":\"bad\",\"field\":\"params.topP\"}}");
    assertThat(TaskCodec.decodeError(TaskCodec.encodeError(withField))).isEqualTo(withField);
  }

  @Test
  void syntheticResultJsonSaysSo() {
    String json = TaskCodec.encode(TaskResult.generated("zq", new Usage(1, 1), null, "pi", "synthetic", true));
    assertThat(json).contains("\"synthetic\":true,\"note\":\"synthetic model: random weights, output is nonsense\"");
  }

  @Test
  void readsRecordWrittenByANewerPeerWithExtraFields() {
    String json = TaskCodec.encode(Samples.succeededRecord())
        .replace("\"attempts\":", "\"routingScore\":{\"x\":1},\"attempts\":");
    assertThat(TaskCodec.decode(json, TaskRecord.class)).isEqualTo(Samples.succeededRecord());
  }

  @Test
  void readsUppercaseEnumsFromLenientWriters() {
    String json = TaskCodec.encode(Samples.nodeAdvert()).replace("\"state\":\"up\"", "\"state\":\"DRAINING\"");
    assertThat(TaskCodec.decode(json, NodeAdvert.class).state()).isEqualTo(NodeState.DRAINING);
  }
}
