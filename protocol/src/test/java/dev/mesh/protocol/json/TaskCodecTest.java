package dev.mesh.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.task.Priority;
import dev.mesh.protocol.task.TaskKind;
import dev.mesh.protocol.task.TaskRecord;
import dev.mesh.protocol.task.TaskRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TaskCodecTest {
  private static ApiError failure(String json) {
    return catchThrowableOfType(ValidationException.class, () -> TaskCodec.decodeRequest(json)).toApiError();
  }

  private static ApiError failure(String json, Class<?> type) {
    return catchThrowableOfType(ValidationException.class, () -> TaskCodec.decode(json, type)).toApiError();
  }

  private static String generate(String extra) {
    return "{\"kind\":\"generate\",\"prompt\":\"hi\"," + extra + "}";
  }

  // ---- accepted input

  @Test
  void decodesRequestWithEveryField() {
    TaskRequest r = TaskCodec.decodeRequest(TaskCodec.encode(Samples.chatRequest()));
    assertThat(r).isEqualTo(Samples.chatRequest());
  }

  @Test
  void decodesUtf8Bytes() {
    TaskRequest r = TaskCodec.decodeRequest("{\"kind\":\"embed\",\"input\":\"Grüße, 世界\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.input()).isEqualTo("Grüße, 世界");
  }

  @Test
  void toleratesUnknownFields() {
    TaskRequest r = TaskCodec.decodeRequest(generate("\"stream\":true,\"extra\":{\"a\":[1,2]}"));
    assertThat(r.prompt()).isEqualTo("hi");
  }

  @Test
  void readsKindIgnoringCase() {
    assertThat(TaskCodec.decodeRequest("{\"kind\":\"Summarize\"}").kind()).isEqualTo(TaskKind.SUMMARIZE);
  }

  @Test
  void acceptsSchemaOneOnRequests() {
    assertThat(TaskCodec.decodeRequest(generate("\"schema\":1")).kind()).isEqualTo(TaskKind.GENERATE);
  }

  @Test
  void leavesMissingKindToTheValidator() {
    assertThat(TaskCodec.decodeRequest("{\"prompt\":\"hi\"}").kind()).isNull();
  }

  // ---- malformed documents

  @Test
  void reportsMalformedJsonWithLineAndColumn() {
    ApiError e = failure("{\n  \"kind\": \"generate\",\n  \"prompt\": \"hi\" \"oops\"\n}");
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON);
    assertThat(e.message()).contains("line 3, column");
    assertThat(e.field()).isNull();
  }

  @Test
  void reportsTruncatedJsonAsInvalidJson() {
    assertThat(failure("{\"kind\":\"generate\",").code()).isEqualTo(ErrorCodes.INVALID_JSON);
  }

  @Test
  void reportsEmptyAndBlankBodyAsInvalidJson() {
    assertThat(failure("").message()).contains("empty");
    assertThat(failure(" \n ").code()).isEqualTo(ErrorCodes.INVALID_JSON);
    ApiError nullBody = catchThrowableOfType(ValidationException.class,
        () -> TaskCodec.decodeRequest((byte[]) null)).toApiError();
    assertThat(nullBody.code()).isEqualTo(ErrorCodes.INVALID_JSON);
  }

  @Test
  void rejectsTopLevelArrayAsInvalidJson() {
    ApiError e = failure("[{\"kind\":\"generate\"}]");
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON);
    assertThat(e.message()).isEqualTo("expected a JSON object at the top level, got an array");
  }

  @Test
  void rejectsTopLevelScalarsAndNull() {
    assertThat(failure("\"generate\"").message()).endsWith("got a string");
    assertThat(failure("null").message()).endsWith("got null");
    assertThat(failure("42").code()).isEqualTo(ErrorCodes.INVALID_JSON);
  }

  @Test
  void rejectsDuplicateKeys() {
    ApiError e = failure("{\"kind\":\"generate\",\"prompt\":\"a\",\"prompt\":\"b\"}");
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON);
    assertThat(e.message()).contains("Duplicate field 'prompt'");
  }

  @Test
  void rejectsContentAfterTheObject() {
    ApiError e = failure("{\"kind\":\"generate\"} {}");
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON);
    assertThat(e.message()).contains("unexpected content after the end");
  }

  // ---- schema

  @Test
  void rejectsOtherSchemaVersionAsUnsupportedSchema() {
    ApiError e = failure(generate("\"schema\":2"));
    assertThat(e).isEqualTo(new ApiError(ErrorCodes.UNSUPPORTED_SCHEMA,
        "schema 2 is not supported; this node reads schema 1", "schema"));
  }

  @Test
  void rejectsNonIntegerSchemaAsUnsupportedSchema() {
    assertThat(failure(generate("\"schema\":\"1\"")).code()).isEqualTo(ErrorCodes.UNSUPPORTED_SCHEMA);
    assertThat(failure(generate("\"schema\":1.5")).code()).isEqualTo(ErrorCodes.UNSUPPORTED_SCHEMA);
  }

  @Test
  void rejectsOtherSchemaOnAdvertsAndRecordsToo() {
    String advert = TaskCodec.encode(Samples.nodeAdvert()).replace("\"schema\":1", "\"schema\":3");
    assertThat(failure(advert, dev.mesh.protocol.advert.NodeAdvert.class).code())
        .isEqualTo(ErrorCodes.UNSUPPORTED_SCHEMA);
    String record = TaskCodec.encode(Samples.succeededRecord()).replace("\"schema\":1", "\"schema\":0");
    assertThat(failure(record, TaskRecord.class).code()).isEqualTo(ErrorCodes.UNSUPPORTED_SCHEMA);
  }

  // ---- kinds

  @Test
  void rejectsUnknownKindListingValidKinds() {
    ApiError e = failure("{\"kind\":\"translate\",\"prompt\":\"hi\"}");
    assertThat(e).isEqualTo(new ApiError(ErrorCodes.UNKNOWN_KIND,
        "unknown kind 'translate'; expected one of generate, chat, embed, classify, summarize, score, extract", "kind"));
  }

  @Test
  void rejectsNumericKindInsteadOfPickingByIndex() {
    ApiError e = failure("{\"kind\":0}");
    assertThat(e.code()).isEqualTo(ErrorCodes.UNKNOWN_KIND);
    assertThat(e.field()).isEqualTo("kind");
  }

  @Test
  void rejectsEmptyKindAsUnknownKind() {
    assertThat(failure("{\"kind\":\"\"}").code()).isEqualTo(ErrorCodes.UNKNOWN_KIND);
  }

  // ---- priority

  @Test
  void readsPriorityIgnoringCaseAndWritesItLowercase() {
    TaskRequest r = TaskCodec.decodeRequest(generate("\"priority\":\"Batch\""));
    assertThat(r.priority()).isEqualTo(Priority.BATCH);
    assertThat(TaskCodec.encode(r)).contains("\"priority\":\"batch\"");
  }

  @Test
  void aRequestWithoutPriorityIsNormal() {
    assertThat(TaskCodec.decodeRequest(generate("\"model\":\"m\"")).priorityOrNormal()).isEqualTo(Priority.NORMAL);
  }

  @Test
  void rejectsUnknownPriorityNamingTheFieldAndTheClasses() {
    ApiError e = failure(generate("\"priority\":\"urgent\""));
    assertThat(e).isEqualTo(new ApiError(ErrorCodes.INVALID_FIELD,
        "priority: expected one of interactive, normal, batch, got 'urgent'", "priority"));
  }

  @Test
  void rejectsNumericOrEmptyPriorityInsteadOfGuessing() {
    assertThat(failure(generate("\"priority\":0")).field()).isEqualTo("priority");
    assertThat(failure(generate("\"priority\":\"\"")).field()).isEqualTo("priority");
  }

  // ---- wrong types, each naming the JSON path

  @Test
  void rejectsStringMaxTokensNamingParamsMaxTokens() {
    ApiError e = failure(generate("\"params\":{\"maxTokens\":\"x\"}"));
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("params.maxTokens");
    assertThat(e.message()).contains("expected an integer");
  }

  @Test
  void rejectsNumericStringAndFractionForIntegerField() {
    assertThat(failure(generate("\"params\":{\"maxTokens\":\"12\"}")).field()).isEqualTo("params.maxTokens");
    ApiError fraction = failure(generate("\"params\":{\"maxTokens\":1.5}"));
    assertThat(fraction.field()).isEqualTo("params.maxTokens");
    assertThat(fraction.message()).contains("expected an integer");
  }

  @Test
  void rejectsIntegerOutOfRangeNamingTheField() {
    ApiError e = failure(generate("\"timeoutSeconds\":99999999999"));
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
    assertThat(e.field()).isEqualTo("timeoutSeconds");
    assertThat(e.message()).contains("out of range");
  }

  @Test
  void rejectsStringTemperatureAsExpectedNumber() {
    ApiError e = failure(generate("\"params\":{\"temperature\":\"hot\"}"));
    assertThat(e.field()).isEqualTo("params.temperature");
    assertThat(e.message()).contains("expected a number");
  }

  @Test
  void rejectsNumberWhereStringExpected() {
    ApiError e = failure("{\"kind\":\"generate\",\"prompt\":42}");
    assertThat(e.field()).isEqualTo("prompt");
    assertThat(e.message()).contains("expected a string");
  }

  @Test
  void rejectsWrongTypeInsideArrayElementNamingIndexAndField() {
    ApiError e = failure("{\"kind\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":7}]}");
    assertThat(e.field()).isEqualTo("messages[1].role");
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsScalarWhereArrayExpected() {
    ApiError e = failure("{\"kind\":\"classify\",\"prompt\":\"x\",\"labels\":\"a,b\"}");
    assertThat(e.field()).isEqualTo("labels");
    assertThat(e.message()).contains("expected an array");
  }

  @Test
  void rejectsObjectInStopListNamingTheIndex() {
    assertThat(failure(generate("\"params\":{\"stop\":[\"a\",{}]}")).field()).isEqualTo("params.stop[1]");
  }

  @Test
  void rejectsScalarWhereObjectExpected() {
    ApiError e = failure(generate("\"params\":5"));
    assertThat(e.field()).isEqualTo("params");
    assertThat(e.message()).contains("expected an object");
  }

  @Test
  void rejectsStringBooleanNamingRequirementsLocalOnly() {
    ApiError e = failure(generate("\"requirements\":{\"localOnly\":\"yes\"}"));
    assertThat(e.field()).isEqualTo("requirements.localOnly");
    assertThat(e.message()).contains("expected a boolean");
  }

  @Test
  void rejectsUnparseableDeadline() {
    ApiError e = failure(generate("\"deadline\":\"tomorrow\""));
    assertThat(e.field()).isEqualTo("deadline");
    assertThat(e.message()).contains("ISO-8601").contains("tomorrow");
  }

  @Test
  void rejectsNumericDeadlineBecauseSecondsAndMillisAreAmbiguous() {
    ApiError e = failure(generate("\"deadline\":1767225600000"));
    assertThat(e.field()).isEqualTo("deadline");
    assertThat(e.message()).contains("ISO-8601");
  }

  @Test
  void acceptsDeadlineWithOffset() {
    TaskRequest r = TaskCodec.decodeRequest(generate("\"deadline\":\"2030-01-01T02:00:00+02:00\""));
    assertThat(r.deadline()).isEqualTo(java.time.Instant.parse("2030-01-01T00:00:00Z"));
  }

  // ---- other documents

  @Test
  void rejectsUnknownStateInRecordNamingStateAndListingStates() {
    String json = TaskCodec.encode(Samples.succeededRecord()).replace("\"state\":\"succeeded\"", "\"state\":\"done\"");
    ApiError e = failure(json, TaskRecord.class);
    assertThat(e.field()).isEqualTo("state");
    assertThat(e.message()).contains("queued, running, succeeded, failed, expired");
  }

  @Test
  void reportsBrokenInvariantOfAJournaledRecordAsInvalidField() {
    ApiError e = failure("{\"schema\":1,\"state\":\"queued\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}", TaskRecord.class);
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
    assertThat(e.message()).contains("task must not be null");
  }

  @Test
  void rejectsErrorBodyWithoutEnvelope() {
    ApiError e = catchThrowableOfType(ValidationException.class,
        () -> TaskCodec.decodeError("{\"code\":\"x\",\"message\":\"y\"}")).toApiError();
    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_FIELD);
    assertThat(e.message()).contains("error is required");
  }
}
