package io.github.batchaudience;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The plainest use of the component: a route hands it a CSV file, and exactly that file's members
 * end up in the audience, as the emulator's admin route reports them over HTTP.
 */
class CsvRouteTest extends BatchAudienceTestSupport {
    @TempDir
    Path tmp;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:x").to("batch-audience:update/vip?idType=install_ids");
            }
        };
    }

    @Test
    void csvFileThroughARouteLeavesExactlyItsMembers() throws Exception {
        createAudience("vip", "install_ids");
        File csv = tmp.resolve("vip.update.csv").toFile();
        Files.writeString(csv.toPath(), String.join("\r\n",
                "id,action,tags,tier,score:int",
                "install-1,add,gold|early,\"gold, plus\",10",
                "install-2,add,,silver,",
                "install-3,add,,,3",
                "install-2,remove,,,",
                "install-4,,new,bronze,7",
                ""), StandardCharsets.UTF_8);

        BatchAudienceResult result = template.requestBody("direct:x", csv, BatchAudienceResult.class);
        assertThat(result.getRowsRead()).isEqualTo(5);
        assertThat(result.getRejected()).isZero();

        await().atMost(10, TimeUnit.SECONDS).until(() -> adminMembers("vip").size() == 3);
        List<JsonNode> members = adminMembers("vip");
        assertThat(members.stream().map(m -> m.get("id").asText()).collect(Collectors.toList()))
                .containsExactly("install-1", "install-3", "install-4");
        JsonNode first = members.get(0);
        assertThat(first.get("attributes").get("tier").asText()).isEqualTo("gold, plus");
        assertThat(first.get("attributes").get("score").isIntegralNumber()).isTrue();
        assertThat(first.get("attributes").get("score").asInt()).isEqualTo(10);
        assertThat(first.get("tags")).extracting(JsonNode::asText).containsExactlyInAnyOrder("gold", "early");
        assertThat(members.get(1).get("attributes").has("tier")).isFalse();
    }

    /** The members as {@code GET /_emulator/audiences/NAME/members} lists them (JSON Lines). */
    private static List<JsonNode> adminMembers(String audience) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/_emulator/audiences/" + audience + "/members"))
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> members = new ArrayList<>();
        for (String line : reply.body().split("\n")) {
            if (!line.isBlank()) {
                members.add(json.readTree(line));
            }
        }
        return members;
    }
}
