package io.github.batchaudience.internal.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdOperation;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The Audiences API's rules for one element, where they differ from the Custom Audience API's:
 * attributes on custom IDs, no tags, arrays of strings, longer strings, RFC 3339 dates. Each is
 * accepted on its edge and refused just past it.
 */
class AudiencesApiRulesTest {
    private static final OperationValidator RULES = new OperationValidator(IdType.custom_ids, ApiDialect.AUDIENCES_2);

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("s", "x".repeat(300), null),
                arguments("s", "x".repeat(301), "string is longer than 300 characters"),
                arguments("a", Collections.nCopies(25, "v"), null),
                arguments("a", Collections.nCopies(26, "v"), "more than 25 items"),
                arguments("a", List.of("v", 5L), "an array holds strings only"),
                arguments("a", List.of("x".repeat(301)), "longer than 300 characters"),
                arguments("date(seen)", "2026-11-01T10:00:00Z", null),
                arguments("date(seen)", "2026-11-01T10:00:00.250Z", null),
                arguments("date(seen)", "2026-11-01T10:00:00", "RFC 3339 in UTC"),
                arguments("date(seen)", 1_700_000_000L, "RFC 3339 in UTC"),
                arguments("date(seen)", "2026-02-30T10:00:00Z", "RFC 3339 in UTC"),
                arguments("url(page)", "https://example.com/p", null),
                arguments("score", 42L, null),
                arguments("vip", true, null),
                arguments("ratio", 0.5, null),
                arguments("nested", Map.of("a", 1), "or an array of strings, not an object"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {2}")
    @MethodSource("values")
    void anAttributeValueFollowsTheAudiencesApiRules(String name, Object value, String problem) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(name, value);
        String verdict = RULES.check(IdOperation.add("u1", attributes, null));
        if (problem == null) {
            assertThat(verdict).as("accepted").isNull();
        } else {
            assertThat(verdict).as("refused").isNotNull().contains(problem);
        }
    }

    @Test
    void customIdsCarryAttributesButNeverTags() {
        assertThat(RULES.check(IdOperation.add("u1", Map.of("plan", "gold"), null))).isNull();
        assertThat(RULES.check(IdOperation.add("u1", null, List.of("vip"))))
                .contains("tags are not part of the Audiences API");
        assertThat(RULES.check(new IdOperation("u1", Action.REMOVE, Map.of("plan", "gold"), null)))
                .contains("only allowed with add");
    }

    @Test
    void theCustomAudienceApiStillRefusesArraysAndLongStrings() {
        OperationValidator v11 = new OperationValidator(IdType.install_ids);
        assertThat(v11.check(IdOperation.add("i1", Map.of("a", List.of("v")), null))).contains("not an array");
        assertThat(v11.check(IdOperation.add("i1", Map.of("s", "x".repeat(65)), null))).contains("64 characters");
        assertThat(v11.check(IdOperation.add("i1", null, List.of("vip")))).isNull();
    }
}
