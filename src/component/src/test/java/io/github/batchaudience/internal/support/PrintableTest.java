package io.github.batchaudience.internal.support;

import io.github.batchaudience.BatchAudienceRules;
import io.github.batchaudience.internal.validation.AudienceNames;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrintableTest {
    @Test
    void controlCharactersAndLineSeparatorsAreEscaped() {
        assertThat(Printable.of("a\nb\rc\td\u001b[2Je\u0085f\u2028g\u2029h\u007f"))
                .isEqualTo("a\\nb\\rc\\td\\u001B[2Je\\u0085f\\u2028g\\u2029h\\u007F");
    }

    @Test
    void printableTextIsKeptAsItIs() {
        String text = "vip-users.update.2026-12-01.csv é 名前 \\n";
        assertThat(Printable.of(text)).isSameAs(text);
        assertThat(Printable.of(null)).isNull();
    }

    @Test
    void aRefusedAudienceNameIsQuotedOnOneLine() {
        assertThat(BatchAudienceRules.audienceNameProblem("evil\nFAKE INFO all good"))
                .contains("'evil\\nFAKE INFO all good'").doesNotContain("\n");
    }

    @Test
    void theCheckThrowsWithTheSameMessage() {
        assertThatThrownBy(() -> AudienceNames.check("a\rb"))
                .hasMessageContaining("'a\\rb'");
    }
}
