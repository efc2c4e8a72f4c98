package io.github.batchaudience;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * BatchAudienceRules, the rules a route can check before an endpoint: audience names, one
 * element of {@code ids} as a Map (read and normalised as the producer does), settled indexing
 * states, and text made printable.
 */
class BatchAudienceRulesTest {
    private static final String GAID = "6d92078a-8246-4ba4-ae5b-76104861e7dc";

    @ParameterizedTest
    @ValueSource(strings = { "a", "Z", "0", "_", "-", "vip-users", "Churn_Risk-2026", "ABC" })
    void anAudienceNameOfLettersDigitsUnderscoresAndDashesIsValid(String name) {
        assertThat(BatchAudienceRules.audienceNameProblem(name)).isNull();
    }

    @Test
    void anAudienceNameHasAtMost255Characters() {
        assertThat(BatchAudienceRules.audienceNameProblem("n".repeat(255))).isNull();
        assertThat(BatchAudienceRules.audienceNameProblem("n".repeat(256)))
                .isEqualTo("invalid audience name '" + "n".repeat(40) + "…': it has 256 characters, more than 255");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void anEmptyOrMissingAudienceNameIsRefused(String name) {
        assertThat(BatchAudienceRules.audienceNameProblem(name)).endsWith(": it is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = { "vip/users | character '/' at position 4",
                                          ".. | character '.' at position 1",
                                          "a%2Fb | character '%' at position 2",
                                          "vip users | character U+0020 at position 4",
                                          "café | character 'é' at position 4",
                                          "a+b | character '+' at position 2" })
    void anAudienceNameWithAnyOtherCharacterIsRefusedNamingItAndItsPosition(String name, String problem) {
        assertThat(BatchAudienceRules.audienceNameProblem(name)).startsWith("invalid audience name '" + name + "'")
                .endsWith(problem + " is not allowed (letters, digits, '_' and '-' only)");
    }

    static Stream<Arguments> validElements() {
        return Stream.of(
                arguments(Map.of("id", "u1"), IdType.custom_ids),
                arguments(Map.of("id", "u1", "action", "remove"), IdType.custom_ids),
                arguments(Map.of("id", "u1", "action", "ADD"), IdType.custom_ids),
                arguments(Map.of("id", " 6D92078A-8246-4BA4-AE5B-76104861E7DC "), IdType.advertising_ids),
                arguments(Map.of("id", "i1", "attributes", Map.of("plan", "gold", "age", 42, "score", 1.5,
                                                                  "opt_in", true, "date(seen)", 1_767_225_600,
                                                                  "url(home)", "https://example.com"),
                                 "tags", List.of("vip")), IdType.install_ids));
    }

    @ParameterizedTest
    @MethodSource("validElements")
    void anElementThatTheProducerWouldSendHasNoProblem(Map<String, ?> element, IdType type) {
        assertThat(BatchAudienceRules.elementProblem(element, type)).isNull();
    }

    static Stream<Arguments> malformedElements() {
        return Stream.of(
                arguments(Map.of(), "no id"),
                arguments(withNull("id"), "no id"),
                arguments(Map.of("id", 42), "id must be a string"),
                arguments(Map.of("id", "u1", "action", "drop"), "action must be add or remove, not 'drop'"),
                arguments(Map.of("id", "u1", "action", 1), "action must be add or remove"),
                arguments(Map.of("id", "u1", "attributes", List.of("plan")), "attributes must be a JSON object"),
                arguments(Map.of("id", "u1", "attributes", Map.of("plan", Map.of("a", 1))),
                          "attribute plan: value must be a string, number, boolean or array of strings"),
                arguments(Map.of("id", "u1", "tags", "vip"), "tags must be a JSON array of strings"),
                arguments(Map.of("id", "u1", "tags", List.of("vip", 7)), "tags must be strings, not 7"),
                arguments(Map.of("id", "u1", "ids", List.of()), "unknown field 'ids'"));
    }

    @ParameterizedTest
    @MethodSource("malformedElements")
    void anElementNotShapedLikeTheApisIsRefusedAsItIsRead(Map<String, ?> element, String problem) {
        assertThat(BatchAudienceRules.elementProblem(element, IdType.install_ids)).isEqualTo(problem);
    }

    static Stream<Arguments> wellShapedElements() {
        return Stream.of(
                arguments(Map.of("id", ""), IdType.custom_ids, "id is empty"),
                arguments(Map.of("id", "u".repeat(128)), IdType.custom_ids, null),
                arguments(Map.of("id", "u".repeat(129)), IdType.custom_ids, "id is longer than 128 characters"),
                arguments(Map.of("id", " 00000000-0000-0000-0000-000000000000"), IdType.advertising_ids,
                          "advertising id is all zeros"),
                arguments(Map.of("id", GAID + "0"), IdType.advertising_ids, "is not a GAID/IDFA"),
                arguments(Map.of("id", "u1", "tags", List.of("vip")), IdType.custom_ids, "need install_ids"),
                arguments(Map.of("id", "i1", "action", "remove", "attributes", Map.of("plan", "gold")),
                          IdType.install_ids, "only allowed with add"),
                arguments(Map.of("id", "i1", "attributes", Map.of("Plan", "gold")), IdType.install_ids,
                          "attribute name 'Plan'"),
                arguments(Map.of("id", "i1", "attributes", Map.of("date(seen)", "2026-03-01")), IdType.install_ids,
                          "is not a date"),
                arguments(Map.of("id", "i1", "attributes", Map.of("date(seen)", "2026-03-01T12:30:45")),
                          IdType.install_ids, null));
    }

    @ParameterizedTest
    @MethodSource("wellShapedElements")
    void aWellShapedElementIsCheckedByTheApisRulesForItsIdType(Map<String, ?> element, IdType type, String problem) {
        String verdict = BatchAudienceRules.elementProblem(element, type);

        if (problem == null) {
            assertThat(verdict).isNull();
        } else {
            assertThat(verdict).contains(problem);
        }
    }

    @ParameterizedTest
    @EnumSource(IdType.class)
    void noElementAtAllIsAProblem(IdType type) {
        assertThat(BatchAudienceRules.elementProblem(null, type)).isEqualTo("no element");
    }

    @ParameterizedTest
    @ValueSource(strings = { "APPLIED", "REPLACED", "applied", "Replaced", " APPLIED\n" })
    void anAppliedOrReplacedWriteIsSettled(String state) {
        assertThat(BatchAudienceRules.isIndexingSettled(state)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "IN_PROGRESS", "IN_PROCESS", "PENDING", "FAILED", "APPLIED_SOON", "NOT_APPLIED",
                             "APPLIE" })
    void anyOtherIndexingStateIsStillToBeWaitedFor(String state) {
        assertThat(BatchAudienceRules.isIndexingSettled(state)).isFalse();
    }

    @Test
    void aProjectsElementFollowsTheAudiencesApiRules() {
        assertThat(BatchAudienceRules.projectElementProblem(
                Map.of("id", "u1", "attributes", Map.of("interests", List.of("ski", "jazz"))))).isNull();
        assertThat(BatchAudienceRules.projectElementProblem(Map.of("id", "u1", "tags", List.of("vip"))))
                .contains("tags are not part of the Audiences API");
        assertThat(BatchAudienceRules.elementProblem(
                Map.of("id", "i1", "attributes", Map.of("interests", List.of("ski"))), IdType.install_ids))
                .contains("not an array");
    }

    @Test
    void controlCharactersAndLineSeparatorsArePrintedAsEscapes() {
        assertThat(BatchAudienceRules.printable("line\nforged\r\n\tcol\u001b[2J x\u2028y\u2029z nul\u0000"))
                .isEqualTo("line\\nforged\\r\\n\\tcol\\u001B[2J x\\u2028y\\u2029z nul\\u0000");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "vip-users", "é 名前 ☃", "already \\n escaped" })
    void printableTextIsReturnedUnchanged(String text) {
        assertThat(BatchAudienceRules.printable(text)).isSameAs(text);
    }

    private static Map<String, Object> withNull(String key) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put(key, null);
        return element;
    }
}
