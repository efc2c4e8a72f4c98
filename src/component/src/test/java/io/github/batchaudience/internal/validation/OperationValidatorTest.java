package io.github.batchaudience.internal.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdOperation;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * OperationValidator: each rule of the API for one element of {@code ids},
 * accepted on its edge and refused just past it. An expected problem of null means the element
 * is valid; otherwise it is a part of the reason the validator gives.
 */
class OperationValidatorTest {
    private static final String GAID = "6d92078a-8246-4ba4-ae5b-76104861e7dc";
    private static final String ZERO_ID = "00000000-0000-0000-0000-000000000000";
    private static final String DATE = "2026-03-01T12:30:45";
    private static final String URL = "https://example.com/";
    private static final String BAD_NAME = "must be 1 to 30 characters";
    private static final String NOT_A_DATE = "is not a date";
    private static final String NOT_A_URL = "is not an absolute http(s) URL";
    private static final String NOT_A_GAID = "is not a GAID/IDFA";

    static Stream<Arguments> idLengths() {
        return Stream.of(IdType.custom_ids, IdType.install_ids).flatMap(type -> Stream.of(
                arguments(type, 1, null),
                arguments(type, 128, null),
                arguments(type, 129, "id is longer than 128 characters (129)"),
                arguments(type, 10_000, "id is longer than 128 characters (10000)")));
    }

    @ParameterizedTest(name = "{0}: {1} characters")
    @MethodSource("idLengths")
    void anIdHasAtMost128Characters(IdType type, int length, String problem) {
        assertVerdict(type, IdOperation.add("u".repeat(length)), problem);
    }

    @ParameterizedTest
    @EnumSource(IdType.class)
    void anEmptyOrMissingIdIsRefusedWhateverTheType(IdType type) {
        assertVerdict(type, IdOperation.add(""), "id is empty");
        assertVerdict(type, IdOperation.remove(null), "id is empty");
    }

    static Stream<Arguments> idCharacters() {
        return Stream.of(
                arguments("user 42", null),
                arguments("é名-_.:/@+", null),
                arguments("a\nb", "control character (U+000A) at position 2"),
                arguments("\tab", "control character (U+0009) at position 1"),
                arguments("ab\u0000", "control character (U+0000) at position 3"),
                arguments("a\u007fb", "control character (U+007F)"),
                arguments("a\u0085b", "control character (U+0085)"));
    }

    @ParameterizedTest
    @MethodSource("idCharacters")
    void anIdWithAControlCharacterIsRefused(String id, String problem) {
        assertVerdict(IdType.custom_ids, IdOperation.add(id), problem);
    }

    @ParameterizedTest(name = "{0} attributes")
    @CsvSource({ "0,", "1,", "15,", "16, more than 15 attributes (16)", "40, more than 15 attributes (40)" })
    void anIdCarriesAtMost15Attributes(int count, String problem) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(i -> attributes.put("a" + i, "v"));

        assertVerdict(IdType.install_ids, IdOperation.add("u1", attributes, null), problem);
    }

    static Stream<Arguments> attributeNames() {
        return Stream.of(
                arguments("a", "v", null),
                arguments("0", "v", null),
                arguments("_", "v", null),
                arguments("first_name_2", "v", null),
                arguments("n".repeat(30), "v", null),
                arguments("date(birth)", DATE, null),
                arguments("date(" + "n".repeat(30) + ")", DATE, null),
                arguments("url(home)", URL, null),
                arguments("url(" + "n".repeat(30) + ")", URL, null),
                arguments("n".repeat(31), "v", BAD_NAME),
                arguments("", "v", BAD_NAME),
                arguments("First_name", "v", BAD_NAME),
                arguments("first-name", "v", BAD_NAME),
                arguments("first name", "v", BAD_NAME),
                arguments("prénom", "v", BAD_NAME),
                arguments("u.name", "v", BAD_NAME),
                arguments("date()", DATE, BAD_NAME),
                arguments("url()", URL, BAD_NAME),
                arguments("date(" + "n".repeat(31) + ")", DATE, BAD_NAME),
                arguments("url(" + "n".repeat(31) + ")", URL, BAD_NAME),
                arguments("date(Birth)", DATE, BAD_NAME),
                arguments("DATE(birth)", DATE, BAD_NAME),
                arguments("int(age)", 3L, BAD_NAME),
                arguments("date(url(home))", URL, BAD_NAME),
                arguments("date(birth", DATE, BAD_NAME));
    }

    @ParameterizedTest(name = "[{index}] name \"{0}\"")
    @MethodSource("attributeNames")
    void anAttributeNameIs1To30LowerCaseLettersDigitsOrUnderscoresOptionallyTypedAsDateOrUrl(
            String name, Object value, String problem) {
        assertAttribute(name, value, problem);
    }

    @ParameterizedTest(name = "{0} characters")
    @CsvSource({ "0,", "1,", "64,", "65, string is longer than 64 characters (65)" })
    void aStringValueHasAtMost64Characters(int length, String problem) {
        assertAttribute("name", "s".repeat(length), problem);
    }

    static Stream<Arguments> plainValues() {
        return Stream.of(
                arguments(42L, null),
                arguments(Long.MIN_VALUE, null),
                arguments(42, null),
                arguments((short) 4, null),
                arguments((byte) 4, null),
                arguments(true, null),
                arguments(false, null),
                arguments(1.5, null),
                arguments(-0.0, null),
                arguments(Double.MAX_VALUE, null),
                arguments(1.5f, null),
                arguments(Double.NaN, "is not a finite number"),
                arguments(Double.POSITIVE_INFINITY, "is not a finite number"),
                arguments(Float.NEGATIVE_INFINITY, "is not a finite number"),
                arguments(Map.of("a", 1), "not an object"),
                arguments(List.of(1, 2), "not an array"),
                arguments(new BigDecimal("1.5"), "not BigDecimal"),
                arguments('c', "not Character"));
    }

    @ParameterizedTest
    @MethodSource("plainValues")
    void aValueIsAStringAnIntegerAFiniteFloatOrABoolean(Object value, String problem) {
        assertAttribute("score", value, problem);
    }

    @ParameterizedTest
    @ValueSource(strings = { "score", "url(home)", "date(seen)" })
    void anAttributeWithoutAValueIsRefusedWhateverItsKind(String name) {
        assertAttribute(name, null, "attribute " + name + " has no value (null)");
    }

    static Stream<Arguments> urls() {
        return Stream.of(
                arguments(urlOfLength(2048), null),
                arguments("http://example.com", null),
                arguments("HTTPS://Example.com/a?b=1#c", null),
                arguments("http://127.0.0.1:8080/x", null),
                arguments(urlOfLength(2049), "URL is longer than 2048 characters (2049)"),
                arguments("ftp://example.com/file", NOT_A_URL),
                arguments("/relative/path", NOT_A_URL),
                arguments("example.com", NOT_A_URL),
                arguments("https:///no-host", NOT_A_URL),
                arguments("http://exa mple.com", NOT_A_URL),
                arguments("", NOT_A_URL),
                arguments(42L, "a URL must be a string"));
    }

    @ParameterizedTest(name = "[{index}] problem: {1}")
    @MethodSource("urls")
    void aUrlIsAnAbsoluteHttpUrlOfAtMost2048Characters(Object value, String problem) {
        assertAttribute("url(home)", value, problem);
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                arguments(DATE, null),
                arguments("1970-01-01T00:00:00", null),
                arguments("2024-02-29T23:59:59", null),
                arguments(0L, null),
                arguments(1_767_225_600L, null),
                arguments(1_767_225_600, null),
                arguments(-1L, "epoch seconds must not be negative"),
                arguments(-1, "epoch seconds must not be negative"),
                arguments("2026-03-01", NOT_A_DATE),
                arguments("2026-03-01T12:30", NOT_A_DATE),
                arguments("2026-03-01T12:30:45Z", NOT_A_DATE),
                arguments("2026-03-01T12:30:45.000", NOT_A_DATE),
                arguments("2026-03-01T12:30:45+02:00", NOT_A_DATE),
                arguments("2026-03-01 12:30:45", NOT_A_DATE),
                arguments("2023-02-29T00:00:00", NOT_A_DATE),
                arguments("2026-13-01T00:00:00", NOT_A_DATE),
                arguments("2026-03-01T24:00:00", NOT_A_DATE),
                arguments("1767225600", NOT_A_DATE),
                arguments("", NOT_A_DATE),
                arguments(1.5, NOT_A_DATE),
                arguments(true, NOT_A_DATE));
    }

    @ParameterizedTest
    @MethodSource("dates")
    void aDateIsIsoSecondsOrNonNegativeEpochSeconds(Object value, String problem) {
        assertAttribute("date(seen)", value, problem);
    }

    @ParameterizedTest(name = "{0} tags")
    @CsvSource({ "0,", "1,", "10,", "11, more than 10 tags (11)", "30, more than 10 tags (30)" })
    void anIdCarriesAtMost10Tags(int count, String problem) {
        List<String> tags = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> tags.add("t" + i));

        assertVerdict(IdType.install_ids, IdOperation.add("u1", null, tags), problem);
    }

    @ParameterizedTest(name = "{0} characters")
    @CsvSource({ "0, must be 1 to 64 characters (0)", "1,", "64,", "65, must be 1 to 64 characters (65)" })
    void aTagHas1To64Characters(int length, String problem) {
        assertVerdict(IdType.install_ids, IdOperation.add("u1", null, List.of("vip", "t".repeat(length))), problem);
    }

    @ParameterizedTest(name = "{0} with attributes {1} and tags {2}")
    @CsvSource({ "ADD, false, false,", "ADD, true, false,", "ADD, false, true,", "ADD, true, true,",
                 "REMOVE, false, false,",
                 "REMOVE, true, false, only allowed with add",
                 "REMOVE, false, true, only allowed with add",
                 "REMOVE, true, true, only allowed with add" })
    void attributesAndTagsComeOnlyWithAdd(Action action, boolean attributes, boolean tags, String problem) {
        assertVerdict(IdType.install_ids, extras("u1", action, attributes, tags), problem);
    }

    @ParameterizedTest(name = "{0} with attributes {1} and tags {2}")
    @CsvSource({ "custom_ids, false, false,",
                 "custom_ids, true, false, attributes and tags need install_ids (API 1.1); this audience holds custom_ids",
                 "custom_ids, false, true, need install_ids",
                 "advertising_ids, false, false,",
                 "advertising_ids, true, false, need install_ids (API 1.1); this audience holds advertising_ids",
                 "advertising_ids, false, true, need install_ids",
                 "install_ids, true, true," })
    void attributesAndTagsNeedTheInstallIdsOfApi11(IdType type, boolean attributes, boolean tags, String problem) {
        assertVerdict(type, extras(GAID, Action.ADD, attributes, tags), problem);
    }

    @ParameterizedTest
    @CsvSource({ "6D92078A-8246-4BA4-AE5B-76104861E7DC, " + GAID,
                 "'  " + GAID + "\t', " + GAID,
                 "' Not A Gaid ', not a gaid",
                 GAID + ", " + GAID })
    void advertisingIdsAreTrimmedAndLowerCased(String raw, String normalised) {
        IdOperation op = new IdOperation(raw, Action.REMOVE, null, null);

        IdOperation result = new OperationValidator(IdType.advertising_ids).normalize(op);

        assertThat(result.getId()).isEqualTo(normalised);
        assertThat(result.getAction()).isEqualTo(Action.REMOVE);
    }

    @ParameterizedTest
    @EnumSource(names = { "custom_ids", "install_ids" })
    void otherIdsAreTakenAsTheyAre(IdType type) {
        IdOperation op = IdOperation.add("  MiXeD-Case Id ");

        assertThat(new OperationValidator(type).normalize(op)).isSameAs(op);
    }

    static Stream<Arguments> advertisingIds() {
        return Stream.of(
                arguments(GAID, null),
                arguments("6D92078A-8246-4BA4-AE5B-76104861E7DC", null),
                arguments(" " + GAID + " ", null),
                arguments(ZERO_ID, "advertising id is all zeros"),
                arguments("  " + ZERO_ID + "  ", "advertising id is all zeros"),
                arguments("6d92078a82464ba4ae5b76104861e7dc", NOT_A_GAID),
                arguments(GAID.substring(1), NOT_A_GAID),
                arguments(GAID + "0", NOT_A_GAID),
                arguments("6d92078g-8246-4ba4-ae5b-76104861e7dc", NOT_A_GAID),
                arguments("6d92078a_8246-4ba4-ae5b-76104861e7dc", NOT_A_GAID),
                arguments("6d92078-a8246-4ba4-ae5b-76104861e7dc", NOT_A_GAID),
                arguments("6d92078a-8246-4ba4-ae5b-76104861e7d-", NOT_A_GAID),
                arguments("{6d92078a-8246-4ba4-ae5b-76104861e7}", NOT_A_GAID),
                arguments("   ", "id is empty"));
    }

    @ParameterizedTest
    @MethodSource("advertisingIds")
    void anAdvertisingIdIsAGaidOrIdfaOnceNormalisedAndNeverAllZeros(String id, String problem) {
        OperationValidator validator = new OperationValidator(IdType.advertising_ids);

        assertCheck(validator.check(validator.normalize(IdOperation.add(id))), problem);
    }

    @ParameterizedTest
    @EnumSource(names = { "custom_ids", "install_ids" })
    void theAdvertisingIdRulesApplyToAdvertisingIdsOnly(IdType type) {
        assertVerdict(type, IdOperation.add(ZERO_ID), null);
        assertVerdict(type, IdOperation.add("6D92078A 8246"), null);
    }

    private static IdOperation extras(String id, Action action, boolean attributes, boolean tags) {
        return new IdOperation(id, action, attributes ? Map.of("plan", "gold") : null,
                               tags ? List.of("vip") : null);
    }

    private static String urlOfLength(int length) {
        return URL + "p".repeat(length - URL.length());
    }

    private static void assertAttribute(String name, Object value, String problem) {
        // A map of its own: Map.of takes no null value, and a null value is a case.
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(name, value);
        assertVerdict(IdType.install_ids, IdOperation.add("u1", attributes, null), problem);
    }

    private static void assertVerdict(IdType type, IdOperation op, String problem) {
        assertCheck(new OperationValidator(type).check(op), problem);
    }

    private static void assertCheck(String verdict, String problem) {
        if (problem == null) {
            assertThat(verdict).as("accepted").isNull();
        } else {
            assertThat(verdict).as("refused").isNotNull().contains(problem);
        }
    }
}
