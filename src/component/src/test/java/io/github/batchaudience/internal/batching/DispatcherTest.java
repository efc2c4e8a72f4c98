package io.github.batchaudience.internal.batching;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.internal.client.ApiDialect;
import io.github.batchaudience.internal.client.ApiError;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.model.Action;
import io.github.batchaudience.model.IdType;
import io.github.batchaudience.model.RejectedRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sending chunks with a fake sender in place of HTTP: a request refused with HTTP 400 is halved
 * until the refused elements stand alone, which are reported while every other element is
 * accepted once; any other failure stops the write; and no more than {@code parallel} requests
 * are in flight, the caller waiting for a free slot. Blocking is observed through the state of
 * the blocked thread, never through sleeps.
 */
class DispatcherTest {
    private static final RequestShape SHAPE = RequestShape.update(ApiDialect.CUSTOM_AUDIENCE_1_0, IdType.custom_ids, "crm");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final WriteTally tally = new WriteTally(100);
    /** The IDs of each request, in the order they were sent. */
    private final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Exception> threadFailure = new AtomicReference<>();

    private final CountDownLatch gate = new CountDownLatch(1);
    private final Semaphore entered = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    @AfterEach
    void stopThreads() throws InterruptedException {
        gate.countDown();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, SECONDS)).isTrue();
        assertThat(threadFailure.get()).isNull();
    }

    @Test
    void aBatchTheApiAcceptsIsSentOnceWithItsToken() throws Exception {
        Dispatcher dispatcher = dispatcher(1, refusing());
        dispatcher.submit(elements(4));
        dispatcher.awaitAll();

        assertThat(requests).containsExactly(ids(1, 2, 3, 4));
        assertThat(tally.writeRequests()).isEqualTo(1);
        assertThat(tally.added()).isEqualTo(4);
        assertThat(tally.tokens()).containsExactly("token-id-1,id-2,id-3,id-4");
    }

    @Test
    void aRefusedBatchIsHalvedUntilTheRefusedElementStandsAlone() throws Exception {
        Dispatcher dispatcher = dispatcher(1, refusing("id-2"));
        dispatcher.submit(elements(4));
        dispatcher.awaitAll();

        assertThat(requests).containsExactly(ids(1, 2, 3, 4), ids(1, 2), ids(1), ids(2), ids(3, 4));
        assertThat(tally.rejectedRows()).singleElement().satisfies(row -> {
            assertThat(row.getLine()).isEqualTo(2);
            assertThat(row.getId()).isEqualTo("id-2");
            assertThat(row.getReason()).startsWith("refused by the API: HTTP 400 MALFORMED_PARAMETER");
        });
        assertThat(tally.added()).isEqualTo(3);
        assertThat(tally.writeRequests()).isEqualTo(2);
    }

    /** A batch of {@code size} elements, lines 1 to size, of which the lines listed are refused. */
    @ParameterizedTest
    @CsvSource({ "1, 1", "2, 2", "5, 1 5", "7, 4", "8, 3 6", "9, 1 2 3 4 5 6 7 8 9", "10, 10", "13, 2 3 11" })
    void theRefusedElementsAreRejectedAndEveryOtherIsAcceptedOnce(int size, String refusedLines) throws Exception {
        Set<String> refused = Arrays.stream(refusedLines.split(" ")).map(n -> "id-" + n).collect(Collectors.toSet());
        Dispatcher dispatcher = dispatcher(1, refusing(refused.toArray(String[]::new)));
        dispatcher.submit(elements(size));
        dispatcher.awaitAll();

        List<String> acceptedIds = requests.stream().filter(r -> Collections.disjoint(r, refused))
                .flatMap(List::stream).toList();
        List<String> others = elements(size).stream().map(Element::id).filter(id -> !refused.contains(id)).toList();
        assertThat(acceptedIds).containsExactlyInAnyOrderElementsOf(others);
        assertThat(tally.added()).isEqualTo(others.size());
        assertThat(tally.rejectedRows()).extracting(RejectedRow::getId).containsExactlyInAnyOrderElementsOf(refused);
        assertThat(tally.rejected()).isEqualTo(refused.size());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 401, 403, 404, 429, 500, 503 })
    void aFailureOtherThan400AbortsTheWriteWithoutSplittingTheBatch(int status) throws Exception {
        Dispatcher dispatcher = dispatcher(1, failingWith(status, 4));
        dispatcher.submit(elements(4));

        assertThatThrownBy(dispatcher::awaitAll).isInstanceOfSatisfying(WriteAbortedException.class,
                e -> assertThat(e.failure().getStatus()).isEqualTo(status));
        assertThat(requests).hasSize(1);
        assertThat(tally.writeRequests()).isZero();
        assertThat(tally.rejected()).isZero();
    }

    @Test
    void aFailureOtherThan400DuringTheHalvingAbortsIt() throws Exception {
        ChunkSender sender = body -> {
            List<String> ids = sent(body);
            throw ids.size() == 4 ? refusal() : failure(503);
        };
        Dispatcher dispatcher = dispatcher(1, sender);
        dispatcher.submit(elements(4));

        assertThatThrownBy(dispatcher::awaitAll).isInstanceOfSatisfying(WriteAbortedException.class,
                e -> assertThat(e.failure().getStatus()).isEqualTo(503));
        assertThat(requests).containsExactly(ids(1, 2, 3, 4), ids(1, 2));
        assertThat(tally.rejected()).isZero();
    }

    @Test
    void noRequestIsSentAfterAFailure() throws Exception {
        Dispatcher dispatcher = dispatcher(1, failingWith(500, 2));
        List<Element> input = elements(4);
        dispatcher.submit(input.subList(0, 2));

        // With one slot, the second submit waits for the first request, which has failed by then.
        assertThatThrownBy(() -> dispatcher.submit(input.subList(2, 4))).isInstanceOf(WriteAbortedException.class);
        assertThatThrownBy(dispatcher::awaitAll).isInstanceOf(WriteAbortedException.class);
        assertThat(requests).containsExactly(ids(1, 2));
    }

    @Test
    void anUnexpectedExceptionInTheSenderIsThrownByAwaitAll() throws Exception {
        IllegalStateException bug = new IllegalStateException("a bug in the sender");
        Dispatcher dispatcher = dispatcher(1, body -> {
            throw bug;
        });
        dispatcher.submit(elements(2));

        assertThatThrownBy(dispatcher::awaitAll).isSameAs(bug);
    }

    /** {@code parallel} as given, and the most requests that may then be in flight. */
    @ParameterizedTest
    @CsvSource({ "0, 1", "1, 1", "2, 2", "3, 3" })
    @Timeout(30)
    void theCallerWaitsWhileEverySlotIsBusy(int parallel, int slots) throws Exception {
        Dispatcher dispatcher = dispatcher(parallel, heldAtTheGate());
        List<Element> input = elements(slots + 1);
        for (int i = 0; i < slots; i++) {
            dispatcher.submit(input.subList(i, i + 1));
        }
        entered.acquire(slots);

        Thread oneMore = start(() -> dispatcher.submit(input.subList(slots, slots + 1)));
        assertThat(settledState(oneMore)).isEqualTo(Thread.State.WAITING);
        assertThat(requests).hasSize(slots);

        gate.countDown();
        oneMore.join();
        dispatcher.awaitAll();
        assertThat(mostInFlight.get()).isEqualTo(slots);
        assertThat(tally.added()).isEqualTo(slots + 1);
    }

    @Test
    @Timeout(30)
    void awaitAllWaitsForEveryRequestInFlight() throws Exception {
        Dispatcher dispatcher = dispatcher(3, heldAtTheGate());
        List<Element> input = elements(2);
        dispatcher.submit(input.subList(0, 1));
        dispatcher.submit(input.subList(1, 2));
        entered.acquire(2);

        Thread waiter = start(dispatcher::awaitAll);
        assertThat(settledState(waiter)).isEqualTo(Thread.State.WAITING);
        assertThat(tally.writeRequests()).isZero();

        gate.countDown();
        waiter.join();
        assertThat(tally.writeRequests()).isEqualTo(2);
    }

    private Dispatcher dispatcher(int parallel, ChunkSender sender) {
        return new Dispatcher(executor, parallel, sender, SHAPE, tally);
    }

    /** Records each request; refuses with a 400 those holding one of these IDs, as the API does a bad element. */
    private ChunkSender refusing(String... refusedIds) {
        Set<String> refused = Set.of(refusedIds);
        return body -> {
            List<String> ids = sent(body);
            if (!Collections.disjoint(ids, refused)) {
                throw refusal();
            }
            return "token-" + String.join(",", ids);
        };
    }

    /** Records each request; fails with this status those of {@code size} elements. */
    private ChunkSender failingWith(int status, int size) {
        return body -> {
            if (sent(body).size() == size) {
                throw failure(status);
            }
            return "token";
        };
    }

    /** Records each request and holds it until the gate opens, counting those in flight. */
    private ChunkSender heldAtTheGate() {
        return body -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                sent(body);
                entered.release();
                gate.await();
                return "token";
            } finally {
                inFlight.decrementAndGet();
            }
        };
    }

    private List<String> sent(byte[] body) {
        Matcher m = ID.matcher(new String(body, StandardCharsets.UTF_8));
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        requests.add(ids);
        return ids;
    }

    private static ApiException refusal() {
        return new ApiException(400, ApiError.MALFORMED_PARAMETER, 31, "invalid id", 1, null);
    }

    private static ApiException failure(int status) {
        return new ApiException(status, ApiError.of(status, null), null, "failed", 1, null);
    }

    @FunctionalInterface
    private interface Blocking {
        void run() throws Exception;
    }

    private Thread start(Blocking action) {
        Thread t = new Thread(() -> {
            try {
                action.run();
            } catch (Exception e) {
                threadFailure.set(e);
            }
        });
        t.start();
        return t;
    }

    /**
     * Spins until the thread parks or ends. Which of the two it did is what the test asserts: a
     * parked thread stays parked, so there is no delay to tune.
     */
    private static Thread.State settledState(Thread t) {
        Thread.State state;
        while ((state = t.getState()) != Thread.State.WAITING && state != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        return state;
    }

    private static List<String> ids(int... lines) {
        return IntStream.of(lines).mapToObj(n -> "id-" + n).toList();
    }

    @Test
    @Timeout(value = 10, unit = SECONDS)
    void aTaskThePoolRefusesGivesItsSlotBack() throws Exception {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        Dispatcher dispatcher = new Dispatcher(stopped, 1, body -> "t", SHAPE, tally);

        assertThatThrownBy(() -> dispatcher.submit(elements(1))).isInstanceOf(RejectedExecutionException.class);
        dispatcher.awaitAll();
    }

    private static List<Element> elements(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(n -> Element.of("id-" + n, Action.ADD, n, ("\"id\":\"id-" + n + "\"")
                        .getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
