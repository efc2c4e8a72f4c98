package io.github.batchaudience.internal.batching;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How elements are cut into requests: at most batchSize elements and maxRequestBytes bytes of
 * body each, both limits reached exactly but never passed, the input's order kept. The byte
 * limits are taken from {@link RequestShape#body}, so that the chunker's running count is
 * checked against the bodies really sent.
 */
class ChunkerTest {
    private static final RequestShape SHAPE = RequestShape.update(ApiDialect.CUSTOM_AUDIENCE_1_0, IdType.custom_ids, "crm");
    private static final long NO_BYTE_LIMIT = Long.MAX_VALUE;

    private final List<List<Element>> chunks = new ArrayList<>();

    @ParameterizedTest
    @CsvSource({ "1, 1", "2, 2", "3, 3", "4, 3+1", "6, 3+3", "7, 3+3+1" })
    void noChunkHoldsMoreThanBatchSizeElements(int count, String expectedSizes) throws Exception {
        List<Element> input = elements(count);

        assertThat(cut(3, NO_BYTE_LIMIT, input)).isEqualTo(expectedSizes);
        assertThat(sent()).containsExactlyElementsOf(input);
    }

    @Test
    void aChunkReachingBatchSizeIsHandedOverWithoutWaitingForFlush() throws Exception {
        Chunker chunker = chunker(3, NO_BYTE_LIMIT);
        addAll(chunker, elements(3));

        assertThat(sizes()).isEqualTo("3");
    }

    /** The limit is the body of three elements, give or take a byte; the second chunk must fill up as the first. */
    @ParameterizedTest
    @CsvSource({ "0, 3+3", "1, 3+3", "-1, 2+2+2" })
    void aChunkExactlyAtTheByteLimitIsNotCutAndOneByteOverIs(int offset, String expectedSizes) throws Exception {
        List<Element> input = elements(6);

        assertThat(cut(100, bodySize(input.subList(0, 3)) + offset, input)).isEqualTo(expectedSizes);
        assertThat(sent()).containsExactlyElementsOf(input);
    }

    @Test
    void removesAreCountedWithTheirLongerActionAtTheByteLimit() throws Exception {
        List<Element> input = List.of(element(1, Action.ADD), element(2, Action.REMOVE), element(3, Action.REMOVE),
                element(4, Action.ADD));

        assertThat(cut(100, bodySize(input.subList(0, 3)), input)).isEqualTo("3+1");
        assertThat(bodySize(chunks.get(0))).isEqualTo(bodySize(input.subList(0, 3)));
    }

    @ParameterizedTest
    @CsvSource({ "2, 3, 2+2+2+2+1", "3, 2, 2+2+2+2+1", "3, 3, 3+3+3" })
    void whicheverLimitIsReachedFirstCutsTheChunk(int batchSize, int elementsInByteLimit, String expectedSizes)
            throws Exception {
        List<Element> input = elements(9);

        assertThat(cut(batchSize, bodySize(input.subList(0, elementsInByteLimit)), input)).isEqualTo(expectedSizes);
    }

    @Test
    void anElementLargerThanTheByteLimitIsSentAlone() throws Exception {
        Element small1 = element(1, Action.ADD);
        String attributes = "\"attributes\":{\"a\":\"" + "x".repeat(500) + "\"}";
        Element big = Element.of("big", Action.ADD, 2, bytes("\"id\":\"big\"," + attributes));
        Element small2 = element(3, Action.ADD);
        Element small3 = element(4, Action.ADD);
        long limit = bodySize(List.of(small1, small2, small3));
        cut(100, limit, List.of(small1, big, small2, small3));

        assertThat(chunks).containsExactly(List.of(small1), List.of(big), List.of(small2, small3));
        assertThat(bodySize(List.of(big))).isGreaterThan(limit);
    }

    @Test
    void flushingAnEmptyChunkerSendsNothing() throws Exception {
        Chunker chunker = chunker(3, NO_BYTE_LIMIT);
        chunker.flush();
        addAll(chunker, elements(3));
        chunker.flush();
        chunker.flush();

        assertThat(sizes()).isEqualTo("3");
    }

    @Test
    void aChunkHandedOverIsNotChangedByLaterElements() throws Exception {
        // The dispatcher sends a chunk on another thread while the chunker goes on filling the next.
        List<Element> input = elements(5);
        Chunker chunker = chunker(2, NO_BYTE_LIMIT);
        addAll(chunker, input.subList(0, 2));
        List<Element> first = chunks.get(0);
        addAll(chunker, input.subList(2, 5));
        chunker.flush();

        assertThat(first).containsExactlyElementsOf(input.subList(0, 2));
        assertThat(chunks).extracting(List::size).containsExactly(2, 2, 1);
    }

    private Chunker chunker(int batchSize, long maxBytes) {
        return new Chunker(batchSize, maxBytes, SHAPE, chunks::add);
    }

    /** Adds every element and flushes: the sizes of the chunks handed over, as "3+3+1". */
    private String cut(int batchSize, long maxBytes, List<Element> input) throws Exception {
        Chunker chunker = chunker(batchSize, maxBytes);
        addAll(chunker, input);
        chunker.flush();
        return sizes();
    }

    private static void addAll(Chunker chunker, List<Element> elements) throws Exception {
        for (Element e : elements) {
            chunker.add(e);
        }
    }

    private String sizes() {
        return String.join("+", chunks.stream().map(c -> String.valueOf(c.size())).toList());
    }

    private List<Element> sent() {
        return chunks.stream().flatMap(List::stream).toList();
    }

    private static long bodySize(List<Element> elements) {
        return SHAPE.body(elements).length;
    }

    /** Elements of one size, so that a byte limit holds a fixed number of them. */
    private static List<Element> elements(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> element(i, Action.ADD)).toList();
    }

    private static Element element(int n, Action action) {
        String id = String.format("id-%03d", n);
        return Element.of(id, action, n, bytes("\"id\":\"" + id + "\""));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
