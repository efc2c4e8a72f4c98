package io.github.batchaudience;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.model.IdOperation;
import io.github.batchaudience.model.IdType;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerOperationsTest extends BatchAudienceTestSupport {

    @TempDir
    Path tmp;

    @Test
    void createViewListDeleteInBothVersions() throws Exception {
        createAudience("crm-ids", "custom_ids");
        createAudience("installs", "install_ids");

        Map<?, ?> view = send("batch-audience:view/crm-ids", null, Map.class);
        assertThat(view.get("name")).isEqualTo("crm-ids");
        assertThat(view.get("type")).isEqualTo("custom_ids");
        assertThat(((Number) view.get("nb_ids")).longValue()).isZero();
        assertThat(send("batch-audience:view/installs", null, Map.class).get("type")).isEqualTo("install_ids");

        Map<?, ?> list = send("batch-audience:list", null, Map.class);
        List<Object> names = ((List<?>) list.get("custom_audiences")).stream().map(a -> ((Map<?, ?>) a).get("name"))
                .collect(Collectors.toList());
        assertThat(names).containsExactly("installs", "crm-ids");

        send("batch-audience:delete/crm-ids", null, Object.class);
        Exception e = failure("batch-audience:view/crm-ids", null);
        assertThat(e).isInstanceOf(BatchAudienceException.class);
        assertThat(((BatchAudienceException) e).getStatus()).isEqualTo(404);
        assertThat(((BatchAudienceException) e).getErrorName()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void listJoinsEveryPage() throws Exception {
        for (int i = 0; i < 105; i++) {
            createAudience("a" + i, "custom_ids");
        }
        Map<?, ?> list = send("batch-audience:list", null, Map.class);
        assertThat((List<?>) list.get("custom_audiences")).hasSize(105);
    }

    @Test
    void updateV11WithCsvAttributesTagsAndRemovals() throws Exception {
        createAudience("vip", "install_ids");
        String csv = "id,action,tags,score:int,date(last_seen),url(profile),vip:bool,ratio:float\n"
                     + "i1,add,gold|eu,42,2026-11-01T10:00:00,https://example.com/u/1,true,0.5\n"
                     + "i2,,,,,,,\n"
                     + "i3,add,,,,,,\n";
        BatchAudienceResult r = write("batch-audience:update/vip?idType=install_ids&waitForIndexing=true", csv);
        assertThat(r.getRowsRead()).isEqualTo(3);
        assertThat(r.getAdded()).isEqualTo(3);
        assertThat(r.getIndexingState()).isEqualTo("APPLIED");
        BatchEmulator.Member i1 = emulator.members("vip").get(0);
        assertThat(i1.id()).isEqualTo("i1");
        assertThat(i1.tags()).containsExactly("gold", "eu");
        assertThat(i1.attributes()).containsEntry("score", 42).containsEntry("vip", true)
                .containsEntry("date(last_seen)", "2026-11-01T10:00:00")
                .containsEntry("url(profile)", "https://example.com/u/1");

        write("batch-audience:update/vip?waitForIndexing=true", "id,action\ni3,remove\n");
        assertThat(memberIds("vip")).containsExactly("i1", "i2");
    }

    @Test
    void updateV10CustomIdsReadsTheTypeWithView() throws Exception {
        createAudience("crm", "custom_ids");
        BatchAudienceResult r = write("batch-audience:update/crm?waitForIndexing=true",
                                      "{\"id\":\"c1\",\"action\":\"add\"}\n{\"id\":\"c2\"}\n");
        assertThat(r.getIdType()).isEqualTo(IdType.custom_ids);
        assertThat(memberIds("crm")).containsExactly("c1", "c2");
    }

    @Test
    void advertisingIdsAreNormalisedAndTheZeroIdRejected() throws Exception {
        createAudience("ads", "advertising_ids");
        String csv = "id\n  ABCDEF01-2345-6789-ABCD-EF0123456789 \n00000000-0000-0000-0000-000000000000\n";
        BatchAudienceResult r = write("batch-audience:update/ads?waitForIndexing=true", csv);
        assertThat(memberIds("ads")).containsExactly("abcdef01-2345-6789-abcd-ef0123456789");
        assertThat(r.getRejected()).isEqualTo(1);
        assertThat(r.getRejectedRows().get(0).getLine()).isEqualTo(3);
    }

    @Test
    void everyBodyTypeIsAccepted() throws Exception {
        createAudience("bodies", "install_ids");
        String uri = "batch-audience:update/bodies?idType=install_ids&waitForIndexing=true";
        write(uri, List.of(IdOperation.add("list-1"), Map.of("id", "list-2", "action", "add")));
        write(uri, List.of(IdOperation.add("iter-1")).iterator());
        write(uri, IdOperation.add("single"));
        write(uri, Map.of("id", "map-1", "tags", List.of("t")));
        write(uri, "{\"ids\":[{\"id\":\"payload-1\",\"action\":\"add\"}]}");
        write(uri, "id\nbytes-1\n".getBytes(StandardCharsets.UTF_8));
        write(uri, new ByteArrayInputStream("id\nstream-1\n".getBytes(StandardCharsets.UTF_8)));
        Path csv = Files.writeString(tmp.resolve("f.csv"), "id\nfile-1\n");
        write(uri, csv.toFile());
        Path jsonl = Files.writeString(tmp.resolve("p.jsonl"), "{\"id\":\"path-1\"}\n");
        write(uri, jsonl);
        Path gz = tmp.resolve("g.csv.gz");
        Files.write(gz, gzip("id\ngzip-1\n"));
        write(uri, gz.toFile());
        assertThat(memberIds("bodies")).containsExactly("bytes-1", "file-1", "gzip-1", "iter-1", "list-1", "list-2",
                                                         "map-1", "path-1", "payload-1", "single", "stream-1");
    }

    @Test
    void headersOverrideOperationAndAudience() throws Exception {
        createAudience("other", "install_ids");
        Exchange ex = template.send("batch-audience:view/nonexistent", e -> {
            e.getIn().setHeader(BatchAudienceConstants.OPERATION, "update");
            e.getIn().setHeader(BatchAudienceConstants.AUDIENCE_NAME, "other");
            e.getIn().setBody("id\nh1\n");
        });
        assertThat(ex.getException()).isNull();
        assertThat(ex.getMessage().getHeader(BatchAudienceConstants.INDEXING_TOKEN, String.class)).matches("[0-9a-f]{32}");
        assertThat(ex.getMessage().getHeader(BatchAudienceConstants.INDEXING_TOKENS, List.class)).hasSize(1);
    }

    @Test
    void autoCreateMakesAMissingAudience() throws Exception {
        write("batch-audience:update/fresh?idType=install_ids&autoCreate=true&description=New&waitForIndexing=true",
              "id\nn1\n");
        Map<?, ?> view = send("batch-audience:view/fresh", null, Map.class);
        assertThat(view.get("description")).isEqualTo("New");
        assertThat(memberIds("fresh")).containsExactly("n1");
    }

    @Test
    void withoutAutoCreateAMissingAudienceFails() {
        Exception e = failure("batch-audience:update/missing?idType=install_ids", "id\nx\n");
        assertThat(e).isInstanceOf(BatchAudienceException.class);
        assertThat(((BatchAudienceException) e).getStatus()).isEqualTo(404);
        assertThat(((BatchAudienceException) e).getAudience()).isEqualTo("missing");
    }

    @Test
    void dryRunSendsNoWrite() throws Exception {
        createAudience("dry", "install_ids");
        BatchAudienceResult r = write("batch-audience:update/dry?idType=install_ids&dryRun=true", "id\nd1\nd2\n");
        assertThat(r.isDryRun()).isTrue();
        assertThat(r.getIdsSent()).isEqualTo(2);
        assertThat(r.getTokens()).isEmpty();
        assertThat(patchRequests()).isZero();
    }

    @Test
    void aBadAudienceNameIsRefusedBeforeAnyRequest() {
        for (String name : List.of("a b", "..", "a%2Fb", "x".repeat(256))) {
            Exception e = template.send("batch-audience:update/ok", ex -> {
                ex.getIn().setHeader(BatchAudienceConstants.AUDIENCE_NAME, name);
                ex.getIn().setBody("id\nx\n");
            }).getException();
            assertThat(e).as(name).isInstanceOf(BatchAudienceException.class).hasMessageContaining("invalid audience name")
                    .hasRootCauseInstanceOf(IllegalArgumentException.class);
            assertThat(((BatchAudienceException) e).isTransient()).as(name).isFalse();
        }
        assertThat(emulatorRequests()).isZero();
    }

    @Test
    void invalidRowsFailStopsBeforeSending() {
        createAudienceQuietly("strict");
        Exception e = failure("batch-audience:update/strict?idType=install_ids&invalidRows=fail",
                              "id,n:int\nok,1\nbad,notanumber\n");
        assertThat(e).hasMessageContaining("line 3");
        assertThat(patchRequests()).isZero();
    }

    private void createAudienceQuietly(String name) {
        try {
            createAudience(name, "install_ids");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long patchRequests() {
        return requestsOf("PATCH");
    }

    @SuppressWarnings("unchecked")
    static long requestsOf(String method) {
        Map<String, Object> requests = (Map<String, Object>) emulator.stats().get("requests");
        Map<String, Object> byStatus = requests == null ? null : (Map<String, Object>) requests.get(method);
        return byStatus == null ? 0 : byStatus.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
    }

    @SuppressWarnings("unchecked")
    static long emulatorRequests() {
        Map<String, Object> requests = (Map<String, Object>) emulator.stats().get("requests");
        return requests == null ? 0 : requests.keySet().stream().mapToLong(ProducerOperationsTest::requestsOf).sum();
    }

    static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

}
