package io.github.batchaudience.internal.batching;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duplicates resolved before sending as the API would resolve them in one request: in 1.1 and 2.x the
 * last action of an ID wins, in 1.0 an ID given both add and remove is removed. Each ID is kept
 * once, by its winning element (whose line is the one a refusal would report), and the winners
 * keep their order in the input.
 */
class DuplicateRuleTest {
    @ParameterizedTest
    @CsvSource({ "custom_ids, REMOVE_WINS", "advertising_ids, REMOVE_WINS", "install_ids, LAST_WINS" })
    void eachCustomAudienceApiVersionHasItsRule(IdType idType, DuplicateRule expected) {
        assertThat(DuplicateRule.of(ApiDialect.of(idType))).isEqualTo(expected);
    }

    @Test
    void inTheAudiencesApiTheLastActionWins() {
        assertThat(DuplicateRule.of(ApiDialect.AUDIENCES_2)).isEqualTo(DuplicateRule.LAST_WINS);
    }

    /** The actions of one ID, lines 1, 2, 3… in that order, and the line of the element kept. */
    @ParameterizedTest
    @CsvSource({
            "LAST_WINS, add remove, 2",
            "LAST_WINS, remove add, 2",
            "LAST_WINS, add add, 2",
            "LAST_WINS, remove remove, 2",
            "LAST_WINS, add remove add, 3",
            "LAST_WINS, remove add remove add, 4",
            "REMOVE_WINS, add remove, 2",
            "REMOVE_WINS, remove add, 1",
            "REMOVE_WINS, add add, 2",
            "REMOVE_WINS, remove remove, 2",
            "REMOVE_WINS, add remove add, 2",
            "REMOVE_WINS, remove add add, 1",
            "REMOVE_WINS, add add remove add, 3" })
    void oneElementOfADuplicatedIdIsKeptByTheVersionsRule(DuplicateRule rule, String actions, long keptLine) {
        List<Element> input = new ArrayList<>();
        long line = 1;
        for (String action : actions.split(" ")) {
            input.add(element("x", Action.parse(action), line++));
        }

        List<Element> resolved = rule.resolve(input);

        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0)).isSameAs(input.get((int) keptLine - 1));
    }

    @Test
    void anAddWithAttributesGivenTwiceKeepsTheLaterAttributesIn11() {
        Element earlier = Element.of("x", Action.ADD, 1, bytes("\"id\":\"x\",\"attributes\":{\"tier\":\"silver\"}"));
        Element later = Element.of("x", Action.ADD, 2, bytes("\"id\":\"x\",\"attributes\":{\"tier\":\"gold\"}"));

        assertThat(DuplicateRule.LAST_WINS.resolve(List.of(earlier, later))).containsExactly(later);
    }

    @ParameterizedTest
    @CsvSource({ "LAST_WINS", "REMOVE_WINS" })
    void inputWithoutDuplicatesIsKeptWholeAndInOrder(DuplicateRule rule) {
        List<Element> input = List.of(element("c", Action.ADD, 1), element("a", Action.REMOVE, 2),
                element("b", Action.ADD, 3));

        assertThat(rule.resolve(input)).containsExactlyElementsOf(input);
        assertThat(rule.resolve(List.of())).isEmpty();
    }

    /** Lines 1 to 7 hold a (3 times), b (twice), c and d; the winners stay where they are in the input. */
    @ParameterizedTest
    @CsvSource({ "LAST_WINS, c:3 d:5 a:6 b:7", "REMOVE_WINS, a:2 c:3 b:4 d:5" })
    void theWinnersKeepTheirOrderInTheInput(DuplicateRule rule, String expected) {
        List<Element> input = List.of(
                element("a", Action.ADD, 1),
                element("a", Action.REMOVE, 2),
                element("c", Action.ADD, 3),
                element("b", Action.REMOVE, 4),
                element("d", Action.ADD, 5),
                element("a", Action.ADD, 6),
                element("b", Action.ADD, 7));

        List<Element> resolved = rule.resolve(input);

        assertThat(String.join(" ", resolved.stream().map(e -> e.id + ":" + e.line).toList())).isEqualTo(expected);
    }

    @Test
    void idsThatDifferOnlyInCaseAreNotDuplicates() {
        // Only advertising IDs are lower-cased, by the validator before this; custom IDs are the app's own.
        List<Element> input = List.of(element("User-1", Action.ADD, 1), element("user-1", Action.REMOVE, 2));

        assertThat(DuplicateRule.LAST_WINS.resolve(input)).containsExactlyElementsOf(input);
        assertThat(DuplicateRule.REMOVE_WINS.resolve(input)).containsExactlyElementsOf(input);
    }

    private static Element element(String id, Action action, long line) {
        return Element.of(id, action, line, bytes("\"id\":\"" + id + "\""));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
