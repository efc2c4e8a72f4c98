package io.github.batchaudience.internal.validation;

import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.model.Attributes;
import io.github.batchaudience.model.IdOperation;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One validator checks every row of a write and remembers the attribute names it saw pass: what
 * it remembers must never let a row pass that a new validator would refuse.
 */
class AttributeNamesPassedTest {
    private static IdOperation row(String id, String[] names, Object... values) {
        return IdOperation.add(id, Attributes.withSharedNames(names, values), null);
    }

    @Test
    void aNameThatPassedStillHasItsValueChecked() {
        OperationValidator validator = new OperationValidator(IdType.install_ids);
        String[] header = {"date(since)", "url(page)", "city"};

        assertThat(validator.check(row("a", header, "2026-11-01T10:00:00", "https://example.com", "Paris"))).isNull();
        assertThat(validator.check(row("b", header, "yesterday", "https://example.com", "Paris")))
                .contains("date(since)").contains("is not a date");
        assertThat(validator.check(row("c", header, 1_700_000_000L, "not a url", "Paris")))
                .contains("url(page)").contains("is not an absolute http(s) URL");
        assertThat(validator.check(row("d", header, 1_700_000_000L, "https://example.com", "x".repeat(65))))
                .contains("city").contains("longer than 64");
    }

    @Test
    void aNameThatFailedFailsEveryTimeAndManyNamesGiveWhatANewValidatorGives() {
        OperationValidator validator = new OperationValidator(IdType.install_ids);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add(i % 5 == 0 ? "Bad-Name-" + i : "name_" + i);
        }
        for (int round = 0; round < 3; round++) {
            for (String name : names) {
                // A new string each time as well as the same one: only the very instance that passed is remembered.
                for (String key : List.of(name, new String(name))) {
                    IdOperation op = row("id", new String[] {key}, "value");
                    assertThat(validator.check(op)).as(key).isEqualTo(new OperationValidator(IdType.install_ids).check(op));
                }
            }
        }
        assertThat(validator.check(row("id", new String[] {"Bad-Name-0"}, "value"))).contains("must be 1 to 30 characters");
    }
}
