package dev.mesh.protocol.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mesh.protocol.error.ErrorCodes;
import dev.mesh.protocol.error.FieldError;
import dev.mesh.protocol.error.ValidationException;
import dev.mesh.protocol.task.TaskValidator.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskValidatorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Limits LIMITS = new Limits(1000, 512);

  private static List<FieldError> check(TaskRequest r) {
    return TaskValidator.check(r, LIMITS, NOW);
  }

  private static void assertSingleError(TaskRequest r, String field, String code) {
    List<FieldError> errors = check(r);
    assertThat(errors).as("errors of %s", r).hasSize(1);
    assertThat(errors.get(0).field()).isEqualTo(field);
    assertThat(errors.get(0).code()).isEqualTo(code);
    assertThat(errors.get(0).message()).contains(field);
  }

  private static TaskRequest generateWith(TaskParams p) {
    return TaskRequest.generate("hello").withParams(p);
  }

  private static TaskParams temperature(double t) {
    return new TaskParams(t, null, null, null, null);
  }

  // ---- valid requests

  @Test
  void acceptsMinimalRequestOfEveryKind() {
    assertThat(check(TaskRequest.generate("hello"))).isEmpty();
    assertThat(check(TaskRequest.summarize("long text"))).isEmpty();
    assertThat(check(TaskRequest.classify("great film", List.of("positive", "negative")))).isEmpty();
    assertThat(check(TaskRequest.chat(List.of(ChatMessage.system("be brief"), ChatMessage.user("hi"))))).isEmpty();
    assertThat(check(TaskRequest.embed("a sentence"))).isEmpty();
  }

  @Test
  void acceptsEveryOptionalFieldAtItsBounds() {
    TaskRequest r = TaskRequest.generate("hello")
        .withModel("m".repeat(200))
        .withParams(new TaskParams(2.0, 512, List.of("\n", "x".repeat(64)), 42L, 1.0))
        .withRequirements(new Requirements("m".repeat(200), "llama", 1, true))
        .withIdempotencyKey("a".repeat(120) + "._:-AZ09")
        .withDeadline(NOW.plusSeconds(1), 86_400);
    assertThat(check(r)).isEmpty();
    assertThat(check(generateWith(new TaskParams(0.0, 1, List.of(), null, 0.0001)))).isEmpty();
  }

  @Test
  void toleratesOtherKindsFieldsWithoutMentioningThem() {
    TaskRequest r = new TaskRequest(TaskKind.GENERATE, null, "hello", List.of(), "", List.of(" "),
        null, null, null, null, null);
    assertThat(check(r)).isEmpty();
    TaskRequest embed = new TaskRequest(TaskKind.EMBED, null, null, null, "text", null,
        null, null, null, null, null);
    assertThat(check(embed)).isEmpty();
  }

  @Test
  void validateReturnsTheRequestWhenValid() {
    TaskRequest r = TaskRequest.generate("hello");
    assertThat(TaskValidator.validate(r, LIMITS, NOW)).isSameAs(r);
  }

  @Test
  void validateThrowsWithEveryErrorAndTheFirstAsApiError() {
    TaskRequest r = TaskRequest.generate(" ").withParams(new TaskParams(3.0, 0, null, null, null));
    assertThatThrownBy(() -> TaskValidator.validate(r, LIMITS, NOW))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.errors()).extracting(FieldError::field)
              .containsExactly("prompt", "params.temperature", "params.maxTokens");
          assertThat(e.toApiError().field()).isEqualTo("prompt");
          assertThat(e.toApiError().code()).isEqualTo(ErrorCodes.INVALID_FIELD);
        });
  }

  // ---- kind and text fields

  @Test
  void rejectsMissingKindAsMissingFieldListingKinds() {
    TaskRequest r = new TaskRequest(null, null, "hi", null, null, null, null, null, null, null, null);
    assertSingleError(r, "kind", ErrorCodes.MISSING_FIELD);
    assertThat(check(r).get(0).message()).contains("generate, chat, embed, classify, summarize, score, extract");
  }

  @Test
  void rejectsGenerateWithoutPromptAsMissingPrompt() {
    assertSingleError(TaskRequest.generate(null), "prompt", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void rejectsBlankPromptForSummarize() {
    assertSingleError(TaskRequest.summarize(" \n\t"), "prompt", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsPromptLongerThanLimitAsPromptTooLong() {
    assertSingleError(TaskRequest.generate("x".repeat(1001)), "prompt", ErrorCodes.PROMPT_TOO_LONG);
    assertThat(check(TaskRequest.generate("x".repeat(1000)))).isEmpty();
  }

  @Test
  void rejectsEmbedWithoutInputEvenWhenPromptIsGiven() {
    TaskRequest r = new TaskRequest(TaskKind.EMBED, null, "prompt is not input", null, null, null,
        null, null, null, null, null);
    assertSingleError(r, "input", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void rejectsBlankAndOverlongEmbedInput() {
    assertSingleError(TaskRequest.embed(""), "input", ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.embed("x".repeat(1001)), "input", ErrorCodes.PROMPT_TOO_LONG);
  }

  // ---- classify labels

  @Test
  void rejectsClassifyWithoutLabelsAsMissingLabels() {
    assertSingleError(TaskRequest.classify("text", null), "labels", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void rejectsClassifyWithoutPromptNamingPrompt() {
    assertSingleError(TaskRequest.classify(null, List.of("a", "b")), "prompt", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void rejectsFewerThanTwoLabels() {
    assertSingleError(TaskRequest.classify("text", List.of("only")), "labels", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsMoreThanFiftyLabels() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      labels.add("label" + i);
    }
    assertSingleError(TaskRequest.classify("text", labels), "labels", ErrorCodes.INVALID_FIELD);
    assertThat(check(TaskRequest.classify("text", labels.subList(0, 50)))).isEmpty();
  }

  @Test
  void rejectsBlankLabelNamingItsIndex() {
    assertSingleError(TaskRequest.classify("text", List.of("a", "b", " ")), "labels[2]", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsNullLabelNamingItsIndex() {
    assertSingleError(TaskRequest.classify("text", java.util.Arrays.asList(null, "a", "b")), "labels[0]",
        ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsDuplicateLabelIgnoringCaseAndNamingBothIndexes() {
    List<FieldError> errors = check(TaskRequest.classify("text", List.of("Yes", "no", " yes")));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("labels[2]");
      assertThat(e.message()).contains("labels[0]");
    });
  }

  @Test
  void rejectsOverlongLabel() {
    assertSingleError(TaskRequest.classify("text", List.of("a", "b".repeat(201))), "labels[1]",
        ErrorCodes.INVALID_FIELD);
  }

  // ---- chat messages

  @Test
  void rejectsChatWithoutMessagesAsMissingMessages() {
    assertSingleError(TaskRequest.chat(null), "messages", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void rejectsEmptyMessages() {
    assertSingleError(TaskRequest.chat(List.of()), "messages", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsUnknownRoleNamingMessagesIndexRole() {
    TaskRequest r = TaskRequest.chat(List.of(ChatMessage.system("s"), ChatMessage.user("u"),
        new ChatMessage("robot", "r"), ChatMessage.user("u")));
    assertSingleError(r, "messages[2].role", ErrorCodes.INVALID_FIELD);
    assertThat(check(r).get(0).message()).contains("system, user, assistant").contains("robot");
  }

  @Test
  void rejectsMissingRoleAsMissingField() {
    TaskRequest r = TaskRequest.chat(List.of(new ChatMessage(null, "x"), ChatMessage.user("u")));
    assertSingleError(r, "messages[0].role", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void aLastMessageWithoutARoleIsAMissingFieldNotACrash() {
    // found by FuzzIT: the last-message check threw NullPointerException on a missing role (a 500)
    assertSingleError(TaskRequest.chat(List.of(ChatMessage.user("u"), new ChatMessage(null, "x"))),
        "messages[1].role", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void rejectsUppercaseRoleBecauseRolesAreExact() {
    assertSingleError(TaskRequest.chat(List.of(new ChatMessage("User", "x"))), "messages[0].role",
        ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsBlankAndMissingContentNamingTheMessage() {
    assertSingleError(TaskRequest.chat(List.of(ChatMessage.user(" "))), "messages[0].content", ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.chat(List.of(ChatMessage.system("s"), ChatMessage.user(null))),
        "messages[1].content", ErrorCodes.MISSING_FIELD);
  }

  @Test
  void rejectsNullMessageEntry() {
    TaskRequest r = TaskRequest.chat(java.util.Arrays.asList(null, ChatMessage.user("u")));
    assertSingleError(r, "messages[0]", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsChatWhoseLastMessageIsNotFromUser() {
    TaskRequest r = TaskRequest.chat(List.of(ChatMessage.user("hi"), ChatMessage.assistant("hello")));
    assertSingleError(r, "messages[1].role", ErrorCodes.INVALID_FIELD);
    assertThat(check(r).get(0).message()).contains("last message must be from user");
  }

  @Test
  void rejectsMoreMessagesThanTheLimit() {
    List<ChatMessage> many = Collections.nCopies(TaskValidator.MAX_MESSAGES + 1, ChatMessage.user("u"));
    assertSingleError(TaskRequest.chat(many), "messages", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsChatWhoseTotalContentExceedsPromptLimit() {
    TaskRequest r = TaskRequest.chat(List.of(ChatMessage.system("x".repeat(600)), ChatMessage.user("y".repeat(401))));
    assertSingleError(r, "messages", ErrorCodes.PROMPT_TOO_LONG);
  }

  // ---- params

  @Test
  void rejectsTemperatureAboveTwoNamingParamsTemperature() {
    assertSingleError(generateWith(temperature(2.01)), "params.temperature", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsNegativeAndNanTemperature() {
    assertSingleError(generateWith(temperature(-0.1)), "params.temperature", ErrorCodes.INVALID_FIELD);
    assertSingleError(generateWith(temperature(Double.NaN)), "params.temperature", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsMaxTokensBelowOneOrAboveTheLimit() {
    assertSingleError(generateWith(new TaskParams(null, 0, null, null, null)), "params.maxTokens",
        ErrorCodes.INVALID_FIELD);
    assertSingleError(generateWith(new TaskParams(null, 513, null, null, null)), "params.maxTokens",
        ErrorCodes.INVALID_FIELD);
    assertThat(check(generateWith(new TaskParams(null, 513, null, null, null))).get(0).message()).contains("512");
  }

  @Test
  void rejectsTopPOfZeroAndAboveOne() {
    assertSingleError(generateWith(new TaskParams(null, null, null, null, 0.0)), "params.topP", ErrorCodes.INVALID_FIELD);
    assertSingleError(generateWith(new TaskParams(null, null, null, null, 1.01)), "params.topP", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsMoreThanEightStopSequences() {
    TaskParams p = new TaskParams(null, null, Collections.nCopies(9, "x"), null, null);
    assertSingleError(generateWith(p), "params.stop", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsEmptyStopSequenceNamingItsIndex() {
    TaskParams p = new TaskParams(null, null, List.of("\n", ""), null, null);
    assertSingleError(generateWith(p), "params.stop[1]", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsStopSequenceLongerThanSixtyFourChars() {
    TaskParams p = new TaskParams(null, null, List.of("x".repeat(65)), null, null);
    assertSingleError(generateWith(p), "params.stop[0]", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void validatesParamsForEmbeddingsToo() {
    TaskRequest r = TaskRequest.embed("x").withParams(temperature(5));
    assertSingleError(r, "params.temperature", ErrorCodes.INVALID_FIELD);
  }

  // ---- model, requirements, key, deadline

  @Test
  void rejectsModelNameLongerThanTwoHundredChars() {
    assertSingleError(TaskRequest.generate("x").withModel("m".repeat(201)), "model", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsBlankModelName() {
    assertSingleError(TaskRequest.generate("x").withModel(" "), "model", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsOverlongRequirementsModelAndFamily() {
    Requirements req = new Requirements("m".repeat(201), "f".repeat(201), null, false);
    List<FieldError> errors = check(TaskRequest.generate("x").withRequirements(req));
    assertThat(errors).extracting(FieldError::field).containsExactly("requirements.model", "requirements.family");
  }

  @Test
  void rejectsRequirementsModelThatContradictsModel() {
    TaskRequest r = TaskRequest.generate("x").withModel("a").withRequirements(new Requirements("b", null, null, false));
    assertSingleError(r, "requirements.model", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsMinContextBelowOne() {
    TaskRequest r = TaskRequest.generate("x").withRequirements(new Requirements(null, null, 0, false));
    assertSingleError(r, "requirements.minContext", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsIdempotencyKeyWithForbiddenCharacters() {
    assertSingleError(TaskRequest.generate("x").withIdempotencyKey("order 42"), "idempotencyKey",
        ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.generate("x").withIdempotencyKey("a/b"), "idempotencyKey", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsIdempotencyKeyLongerThan128CharsOrEmpty() {
    assertSingleError(TaskRequest.generate("x").withIdempotencyKey("k".repeat(129)), "idempotencyKey",
        ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.generate("x").withIdempotencyKey(""), "idempotencyKey", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsDeadlineThatIsNowOrPast() {
    assertSingleError(TaskRequest.generate("x").withDeadline(NOW, null), "deadline", ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.generate("x").withDeadline(NOW.minusSeconds(5), null), "deadline",
        ErrorCodes.INVALID_FIELD);
  }

  @Test
  void rejectsTimeoutSecondsOutsideOneToOneDay() {
    assertSingleError(TaskRequest.generate("x").withDeadline(null, 0), "timeoutSeconds", ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.generate("x").withDeadline(null, 86_401), "timeoutSeconds", ErrorCodes.INVALID_FIELD);
  }

  @Test
  void reportsNullRequestAsInvalidJson() {
    assertThat(TaskValidator.check(null, LIMITS, NOW)).singleElement()
        .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_JSON));
  }

  @Test
  void refusesLimitsBelowOne() {
    assertThatThrownBy(() -> new Limits(0, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPromptChars 0");
  }

  @Test
  void scoreNeedsAPromptAndAnOrderedScale() {
    assertSingleError(new TaskRequest(TaskKind.SCORE, null, null, null, null, null, null, null, null, null, null),
        "prompt", ErrorCodes.MISSING_FIELD);
    assertThat(check(TaskRequest.score("item", null))).isEmpty();
    assertSingleError(TaskRequest.score("item", new Scoring(5, 5, null, null)), "scoring", ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.score("item", new Scoring(0, 2_000_000, null, null)), "scoring",
        ErrorCodes.INVALID_FIELD);
    assertSingleError(TaskRequest.score("item", new Scoring(null, null, "x".repeat(501), null)), "scoring.criteria",
        ErrorCodes.INVALID_FIELD);
  }

  @Test
  void extractNeedsASchemaThatIsOne() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertSingleError(TaskRequest.extract("text", null), "schema", ErrorCodes.MISSING_FIELD);
    assertSingleError(TaskRequest.extract("text", json.readTree("\"a string\"")), "schema", ErrorCodes.INVALID_FIELD);
    assertThat(check(TaskRequest.extract("text", json.readTree("{\"type\":\"object\"}")))).isEmpty();
  }

  /** generate and chat may be held to a schema too; a bad one is refused there as well. */
  @Test
  void aSchemaOnGenerateIsCheckedToo() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertSingleError(TaskRequest.generate("x").withSchema(json.readTree("{\"$ref\":\"https://e.x/s\"}")),
        "schema", ErrorCodes.INVALID_FIELD);
  }
}
