package io.github.batchaudience;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.batchaudience.emulator.BatchEmulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static io.github.batchaudience.ProducerOperationsTest.patchRequests;
import static io.github.batchaudience.ProducerOperationsTest.requestsOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The producer's rules, whatever the input: requests within the API's limits, duplicates resolved
 * before sending, invalid rows isolated, chunked replace, no key anywhere, names checked first.
 */
class ProducerRulesTest extends BatchAudienceTestSupport {

    static String csv(int from, int to) {
        StringBuilder sb = new StringBuilder("id,action\n");
        for (int i = from; i < to; i++) {
            sb.append("id-").append(i).append(",add\n");
        }
        return sb.toString();
    }

    static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "id-" + i).sorted().collect(Collectors.toList());
    }

    @ParameterizedTest
    @CsvSource({ "10000,1", "10001,2", "25001,3" })
    void requestsHoldAtMostBatchSizeIds(int n, int expectedRequests) throws Exception {
        createAudience("chunks", "install_ids");
        BatchAudienceResult r = write("batch-audience:update/chunks?idType=install_ids&waitForIndexing=true", csv(0, n));
        assertThat(r.getWriteRequests()).isEqualTo(expectedRequests);
        assertThat(patchRequests()).isEqualTo(expectedRequests);
        assertThat(memberIds("chunks")).isEqualTo(ids(0, n));
    }

    @Test
    void maxRequestBytesAlsoCutsRequests() throws Exception {
        createAudience("bytes", "install_ids");
        // Each element is about 30 bytes: 1,000 of them cannot fit in 8 KB.
        BatchAudienceResult r = write("batch-audience:update/bytes?idType=install_ids&maxRequestBytes=8192", csv(0, 1000));
        assertThat(r.getWriteRequests()).isGreaterThan(3);
        assertThat(r.getIdsSent()).isEqualTo(1000);
    }

    @Test
    void lastActionWinsAcrossChunkBordersInV11() throws Exception {
        createAudience("dups11", "install_ids");
        StringBuilder csv = new StringBuilder(csv(0, 25_001));
        csv.append("id-5,remove\n");      // added at line 7, removed at the end
        csv.append("id-20000,remove\nid-20000,add\n");
        BatchAudienceResult r = write("batch-audience:update/dups11?idType=install_ids&waitForIndexing=true",
                                      csv.toString());
        assertThat(r.getDuplicates()).isEqualTo(3);
        List<String> expected = new ArrayList<>(ids(0, 25_001));
        expected.remove("id-5");
        assertThat(memberIds("dups11")).isEqualTo(expected);
    }

    @Test
    void removeWinsInV10() throws Exception {
        createAudience("dups10", "custom_ids");
        write("batch-audience:update/dups10?waitForIndexing=true", csv(0, 100));
        StringBuilder csv = new StringBuilder("id,action\n");
        csv.append("id-1,remove\n").append(csv(100, 12_000).substring("id,action\n".length()));
        csv.append("id-1,add\nid-100,remove\n");
        write("batch-audience:update/dups10?waitForIndexing=true", csv.toString());
        List<String> expected = new ArrayList<>(ids(0, 12_000));
        expected.remove("id-1");
        expected.remove("id-100");
        assertThat(memberIds("dups10")).isEqualTo(expected);
    }

    @Test
    void aRefusedBatchIsBisectedAndOnlyTheRefusedRowsReported() throws Exception {
        createAudience("strict", "install_ids");
        emulator.rejectIds(id -> id.equals("id-777") || id.equals("id-4242"));
        try {
            BatchAudienceResult r = write("batch-audience:update/strict?idType=install_ids&waitForIndexing=true",
                                          csv(0, 10_000));
            assertThat(r.getRejected()).isEqualTo(2);
            assertThat(r.getRejectedRows()).extracting(row -> row.getId() + "@" + row.getLine())
                    .containsExactly("id-777@779", "id-4242@4244");
            assertThat(r.getRejectedRows().get(0).getReason()).contains("MALFORMED_PARAMETER");
            List<String> expected = new ArrayList<>(ids(0, 10_000));
            expected.removeAll(List.of("id-777", "id-4242"));
            assertThat(memberIds("strict")).isEqualTo(expected);
        } finally {
            emulator.rejectIds(null);
        }
    }

    @Test
    void replaceAcrossChunksEndsExactlyWithTheInputEvenWhenWritesApplyOutOfOrder() throws Exception {
        createAudience("rep", "install_ids");
        write("batch-audience:update/rep?waitForIndexing=true", csv(100_000, 103_000));
        // Long jittered delays: an add applied before the PUT would be wiped without the wait.
        emulator.setIndexingDelayMs(150);
        BatchAudienceResult r = write("batch-audience:replace/rep?waitForIndexing=true&parallelRequests=3",
                                      csv(0, 25_001));
        assertThat(r.getWriteRequests()).isEqualTo(3);
        assertThat(requestsOf("PUT")).isEqualTo(1);
        assertThat(memberIds("rep")).isEqualTo(ids(0, 25_001));
    }

    @Test
    void replaceOfACustomIdsAudienceIsRefused() throws Exception {
        createAudience("crm", "custom_ids");
        Exception e = failure("batch-audience:replace/crm", csv(0, 3));
        assertThat(e).isInstanceOf(BatchAudienceException.class).hasMessageContaining("install_ids");
        assertThat(((BatchAudienceException) e).isTransient()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "SERVER_ERROR", "MAINTENANCE", "RATE_LIMITED", "DROP_BEFORE_APPLY",
                                               "DROP_AFTER_APPLY" })
    void transientFaultsAreRetried(Fault fault) throws Exception {
        createAudience("faulty", "install_ids");
        emulator.injectFault(fault, 2);
        BatchAudienceResult r = write("batch-audience:update/faulty?idType=install_ids&waitForIndexing=true",
                                      csv(0, 15_000));
        assertThat(r.getRetries()).isEqualTo(2);
        assertThat(memberIds("faulty")).isEqualTo(ids(0, 15_000));
    }

    @Test
    void retriesAreBoundedAndTheFailureExplained() throws Exception {
        createAudience("down", "install_ids");
        emulator.injectFault(Fault.SERVER_ERROR, 100);
        try {
            Exception e = failure("batch-audience:update/down?idType=install_ids&maxAttempts=3", csv(0, 10));
            assertThat(e).isInstanceOf(BatchAudienceException.class);
            BatchAudienceException b = (BatchAudienceException) e;
            assertThat(b.getStatus()).isEqualTo(500);
            assertThat(b.getErrorCode()).isEqualTo(1);
            assertThat(b.getMessage()).contains("after 3 attempts");
            assertThat(b.getPartialResult().getWriteRequests()).isZero();
            assertThat(patchRequests()).isEqualTo(3);
        } finally {
            emulator.clearFaults();
        }
    }

    @Test
    @Timeout(30)
    void aServerAskingForHoursIsCappedAtMaxBackoff() throws Exception {
        createAudience("slowdown", "install_ids");
        emulator.setRetryAfterSeconds(3600);
        emulator.injectFault(Fault.RATE_LIMITED, 1);
        BatchAudienceResult r = write("batch-audience:update/slowdown?idType=install_ids&maxBackoff=100", csv(0, 5));
        assertThat(r.getRetries()).isEqualTo(1);
        emulator.setRetryAfterSeconds(1);
    }

    @Test
    void aRefusalIsNeverRetried() throws Exception {
        createAudience("once", "install_ids");
        emulator.rejectIds("only"::equals);
        try {
            BatchAudienceResult r = write("batch-audience:update/once?idType=install_ids", "id\nonly\n");
            assertThat(r.getRejected()).isEqualTo(1);
            assertThat(r.getRetries()).isZero();
            assertThat(patchRequests()).isEqualTo(1);
        } finally {
            emulator.rejectIds(null);
        }
    }

    @Test
    void wrongKeysFailWithoutRetryAndSayAuthenticationInvalid() throws Exception {
        Exception e = failure("batch-audience:update/any?idType=install_ids&restApiKey=wrong-key", csv(0, 3));
        assertThat(e).isInstanceOf(BatchAudienceException.class);
        BatchAudienceException b = (BatchAudienceException) e;
        assertThat(b.getStatus()).isEqualTo(401);
        assertThat(b.getErrorName()).isEqualTo("AUTHENTICATION_INVALID");
        assertThat(b.getErrorCode()).isEqualTo(10);
        assertThat(patchRequests()).isEqualTo(1);
    }

    @Test
    void rowsInvalidLocallyNeverReachTheApi() throws Exception {
        createAudience("local", "install_ids");
        String csv = "id,n:int\nok-1,1\n" + "x".repeat(129) + ",2\nok-2,notint\nok-3,3\n";
        BatchAudienceResult r = write("batch-audience:update/local?idType=install_ids&waitForIndexing=true", csv);
        assertThat(r.getRejectedRows()).extracting(row -> row.getLine()).containsExactly(3L, 4L);
        assertThat(memberIds("local")).containsExactly("ok-1", "ok-3");
        @SuppressWarnings("unchecked")
        Map<String, Object> received = (Map<String, Object>) emulator.stats().get("ids_received");
        assertThat(((Number) received.get("PATCH")).longValue()).isEqualTo(2);
    }
}
