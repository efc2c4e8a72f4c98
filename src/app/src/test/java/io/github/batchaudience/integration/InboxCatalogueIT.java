package io.github.batchaudience.integration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad inbox files, end to end: each gets a report that names the file, the line and the reason,
 * and the valid rows of the same file are still applied. All files go through one running
 * integration; each case then checks its own file's outcome.
 */
class InboxCatalogueIT {
    static BatchEmulator emulator;
    static IntegrationHarness integration;
    static Path data;

    /** One bad input: the file, and what must come of it. */
    static final class Case {
        final String file;
        final byte[] content;
        final String status;
        final String error;
        final Map<Long, String> rejected;
        final List<String> members;

        Case(String file, byte[] content, String status, String error, Map<Long, String> rejected, List<String> members) {
            this.file = file;
            this.content = content;
            this.status = status;
            this.error = error;
            this.rejected = rejected;
            this.members = members;
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static Case rejects(String file, String content, Map<Long, String> rejected, String... members) {
        return new Case(file, content.getBytes(StandardCharsets.UTF_8), "DONE", null, rejected, List.of(members));
    }

    static Case fails(String file, byte[] content, String error) {
        return new Case(file, content, "FAILED", error, Map.of(), List.of());
    }

    static Case fails(String file, String content, String error) {
        return fails(file, content.getBytes(StandardCharsets.UTF_8), error);
    }

    static Stream<Arguments> catalogue() {
        String attrs16 = IntStream.range(0, 16).mapToObj(i -> "a" + i).collect(Collectors.joining(","));
        String values16 = IntStream.range(0, 16).mapToObj(i -> "v").collect(Collectors.joining(","));
        String tags11 = IntStream.range(0, 11).mapToObj(i -> "t" + i).collect(Collectors.joining("|"));
        byte[] latin1 = "id,city\nok-1,x\nbad-\u00e9,y\nok-2,z\n".getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
                rejects("quotes.update.csv", "id,city\nok-1,\"Paris\nok-2,Lyon\n", Map.of(2L, "quote"), "ok-2"),
                rejects("columns.update.csv", "id,city\nok-1,Paris,extra\nok-2,Lyon\n", Map.of(2L, "column"), "ok-2"),
                fails("noid.update.csv", "user,city\nok-1,Paris\n", "id"),
                rejects("json.update.jsonl", "{\"id\":\"ok-1\"}\n{\"id\":\"bad\",\n{\"id\":\"ok-2\"}\n",
                        Map.of(2L, "JSON"), "ok-1", "ok-2"),
                rejects("emptyfile.update.csv", "", Map.of()),
                rejects("headeronly.update.csv", "id,city\n", Map.of()),
                rejects("emptyid.update.csv", "id,city\n,Paris\nok-1,Lyon\n", Map.of(2L, "id"), "ok-1"),
                rejects("longid.update.csv", "id\n" + "x".repeat(128) + "\n" + "y".repeat(129) + "\n",
                        Map.of(3L, "128"), "x".repeat(128)),
                rejects("control.update.csv", "id\nok-1\nbad\u0001id\n", Map.of(3L, "control"), "ok-1"),
                new Case("latin1.update.csv", latin1, "DONE", null, Map.of(3L, "UTF-8"), List.of("ok-1", "ok-2")),
                rejects("attrname.update.csv", "id,bad name!\nok-1,x\n", Map.of(2L, "attribute"), new String[0]),
                rejects("typed.update.csv", "id,n:int\nok-1,1\nok-2,one\n", Map.of(3L, "n"), "ok-1"),
                rejects("baddate.update.csv", "id,date(seen)\nok-1,2026-11-22T10:00:00\nok-2,yesterday\n",
                        Map.of(3L, "date"), "ok-1"),
                rejects("badurl.update.csv", "id,url(page)\nok-1,https://example.com/a\nok-2,not a url\n",
                        Map.of(3L, "url"), "ok-1"),
                rejects("badbool.update.csv", "id,optin:bool\nok-1,true\nok-2,maybe\n", Map.of(3L, "optin"), "ok-1"),
                rejects("attrs16.update.csv", "id," + attrs16 + "\nok-1," + values16 + "\n", Map.of(2L, "16"),
                        new String[0]),
                rejects("tags11.update.csv", "id,tags\nok-1,t\nok-2," + tags11 + "\n", Map.of(3L, "tags"), "ok-1"),
                rejects("tagsremove.update.csv", "id,action,tags\nok-1,add,\nok-2,remove,vip\n",
                        Map.of(3L, "remove"), "ok-1"),
                rejects("action.update.csv", "id,action\nok-1,add\nok-2,delete\n", Map.of(3L, "action"), "ok-1"),
                rejects("adzero.update.csv", "id\n00000000-0000-0000-0000-000000000000\n"
                                             + " 6F1A2B3C-4D5E-4F60-8A9B-0C1D2E3F4A5B \n",
                        Map.of(2L, "zero"), "6f1a2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b"),
                rejects("adbad.update.csv", "id\nnot-a-uuid\n", Map.of(2L, "advertising")),
                fails("notgzip.update.csv.gz", "id\nok-1\n", "gzip"),
                fails("upsert.upsert.csv", "id\nok-1\n", "'upsert'"),
                fails("noop.csv", "id\nok-1\n", "AUDIENCE.OPERATION"),
                fails("has space.update.csv", "id\nok-1\n", "U+0020"),
                fails("what?.update.csv", "id\nok-1\n", "'?'"),
                fails("pct%2Fname.update.csv", "id\nok-1\n", "'%'"),
                fails(".hidden-not.update.txt", "id\n", null),
                fails("emptyreplace.replace.csv", "id\n", "replace with no valid ID"),
                fails("emptysync.sync.csv", "id\n", "maxRemovalPercent"),
                // A CSV named .jsonl: every line is rejected as JSON (and the rejected share raises an alert).
                rejects("wrongformat.update.jsonl", "id,city\nok-1,Paris\n", Map.of(1L, "JSON", 2L, "JSON")),
                rejects("dupes.update.csv", "id,action\nok-1,add\nok-1,remove\nok-2,add\nok-2,add\n", Map.of(), "ok-2"),
                rejects("bom.update.csv", "\uFEFFid,city\r\nok-1,Paris\r\n", Map.of(), "ok-1"),
                rejects("quotedcomma.update.csv", "id,city\n\"ok,1\",\"Paris, FR\"\n", Map.of(), "ok,1"))
                .map(Arguments::of);
    }

    @BeforeAll
    static void runEveryFile() throws Exception {
        emulator = IntegrationHarness.emulator();
        data = Files.createTempDirectory("inbox-catalogue");
        Map<String, String> properties = new HashMap<>();
        List<Case> cases = catalogue().map(a -> (Case) a.get()[0]).collect(Collectors.toList());
        for (Case c : cases) {
            String audience = c.file.substring(0, Math.max(0, c.file.indexOf('.')));
            String type = audience.startsWith("ad") ? "advertising_ids" : "install_ids";
            properties.put("batch.audience." + audience + ".id-type", type);
        }
        // The empty sync must meet an audience with members, for the removal guard to have something to guard.
        emulatorAudienceWithMembers("emptysync");
        integration = new IntegrationHarness(emulator, data, false, properties).start();
        for (Case c : cases) {
            Path aside = Files.createDirectories(data.resolve("incoming")).resolve(c.file);
            Files.write(aside, c.content);
            Files.move(aside, Files.createDirectories(data.resolve("inbox")).resolve(c.file));
        }
        for (Case c : cases) {
            if (!c.file.startsWith(".")) {
                integration.awaitFinalReport(c.file);
            }
        }
    }

    private static void emulatorAudienceWithMembers(String audience) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = emulator.baseUrl() + "/1.1/" + IntegrationHarness.API_KEY + "/custom-audience/" + audience;
        for (String[] call : new String[][] { { "POST", "{\"description\":\"x\"}" },
                                               { "PATCH", "{\"ids\":[{\"id\":\"m-1\",\"action\":\"add\"}]}" } }) {
            http.send(HttpRequest.newBuilder(URI.create(base))
                              .header("X-Authorization", IntegrationHarness.REST_KEY)
                              .header("Content-Type", "application/json")
                              .method(call[0], HttpRequest.BodyPublishers.ofString(call[1])).build(),
                      HttpResponse.BodyHandlers.ofString());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        integration.close();
        emulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void eachBadInputIsExplainedAndLosesNoValidRow(Case c) throws Exception {
        if (c.file.startsWith(".")) {
            // Hidden files (a writer's temporary name) are not the inbox's: left alone, no report.
            assertThat(integration.report(c.file)).isNull();
            assertThat(data.resolve("inbox").resolve(c.file)).exists();
            return;
        }
        JsonNode report = integration.report(c.file);
        assertThat(report.get("status").asText()).as(report.toString()).isEqualTo(c.status);
        String audience = c.file.substring(0, c.file.indexOf('.'));
        if (c.status.equals("FAILED")) {
            assertThat(report.get("error").asText()).as("error of " + c.file).contains(c.file);
            if (c.error != null) {
                assertThat(report.get("error").asText()).contains(c.error);
            }
            assertThat(data.resolve("failed").resolve(c.file)).exists();
            return;
        }
        assertThat(report.get("rejected").asLong()).as("rejected rows of " + c.file).isEqualTo(c.rejected.size());
        if (!c.rejected.isEmpty()) {
            List<String> lines = Files.readAllLines(data.resolve("reports").resolve(c.file + ".rejected.csv"));
            for (Map.Entry<Long, String> expected : c.rejected.entrySet()) {
                assertThat(lines).as("rejected rows of " + c.file)
                        .anyMatch(l -> l.startsWith(expected.getKey() + ",") && l.contains(expected.getValue()));
            }
        }
        List<String> members = emulator.members(audience).stream().map(BatchEmulator.Member::id)
                .collect(Collectors.toList());
        assertThat(members).as("members after " + c.file).containsExactlyInAnyOrderElementsOf(c.members);
        assertThat(data.resolve("done").resolve(c.file)).exists();
    }
}
