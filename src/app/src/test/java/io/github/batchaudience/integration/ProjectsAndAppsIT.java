package io.github.batchaudience.integration;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.batchaudience.emulator.BatchEmulator;
import io.github.batchaudience.emulator.BatchEmulatorExtension;
import io.github.batchaudience.integration.testsupport.IntegrationHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integration for a project (BATCH_PROJECT_KEY: the Audiences API 2.x) and for two apps
 * (BATCH_API_KEY=K1,K2): files through the inbox end DONE with members exact in the project, or
 * in both apps; reports say which API and which apps, never a whole app key.
 */
class ProjectsAndAppsIT {
    private static final String SECOND_APP_KEY = "it-second-app-key-41aa";
    private static final String PROJECT_KEY = "project_it_0664hxvw";

    @RegisterExtension
    static final BatchEmulatorExtension BATCH = BatchEmulatorExtension.create(
            b -> b.apiKeys(IntegrationHarness.API_KEY, SECOND_APP_KEY).projectKeys(PROJECT_KEY)
                    .restApiKey(IntegrationHarness.REST_KEY).indexingDelayMs(20).seed(7));

    @TempDir
    Path data;

    private static String csv(int from, int to) {
        return "id\n" + IntStream.range(from, to).mapToObj(i -> "m" + i + "\n").collect(Collectors.joining());
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m" + i).sorted().collect(Collectors.toList());
    }

    private static List<String> ids(List<BatchEmulator.Member> members) {
        return members.stream().map(BatchEmulator.Member::id).collect(Collectors.toList());
    }

    @Test
    void aProjectsFilesGoToItsAudiences() throws Exception {
        BatchEmulator emulator = BATCH.emulator();
        try (IntegrationHarness it = IntegrationHarness.withKeys(emulator, data, Map.of("BATCH_PROJECT_KEY", PROJECT_KEY))
                .start()) {
            it.drop("cep-members.update.1.csv", csv(0, 1_200));
            JsonNode report = it.awaitReport("cep-members.update.1.csv", "DONE");
            assertThat(report.get("api").asText()).isEqualTo("Audiences API 2.x, project " + PROJECT_KEY);
            assertThat(report.get("idType").asText()).isEqualTo("custom_ids");
            it.drop("cep-members.replace.2.csv", csv(500, 1_500));
            it.awaitReport("cep-members.replace.2.csv", "DONE");
            it.drop("cep-members.sync.3.csv", csv(600, 1_600));
            assertThat(it.awaitReport("cep-members.sync.3.csv", "DONE").get("syncMode").asText()).isEqualTo("replace");
            it.drop("cep-members.sync.4.csv", csv(610, 1_610));
            assertThat(it.awaitReport("cep-members.sync.4.csv", "DONE").get("syncMode").asText()).isEqualTo("diff");
        }
        assertThat(ids(emulator.projectMembers(PROJECT_KEY, "cep-members"))).isEqualTo(ids(610, 1_610));
        assertThat(emulator.members("cep-members")).as("no app got anything").isEmpty();
    }

    @Test
    void twoAppsGetEveryFile() throws Exception {
        BatchEmulator emulator = BATCH.emulator();
        String keys = IntegrationHarness.API_KEY + "," + SECOND_APP_KEY;
        try (IntegrationHarness it = IntegrationHarness.withKeys(emulator, data, Map.of("BATCH_API_KEY", keys)).start()) {
            it.drop("vip-users.update.1.csv", csv(0, 2_000));
            JsonNode report = it.awaitReport("vip-users.update.1.csv", "DONE");
            assertThat(report.get("api").asText()).isEqualTo("Custom Audience API 1.x, apps …5d21, …41aa");
            assertThat(report.get("apps")).hasSize(2);
            assertThat(report.toString()).doesNotContain(IntegrationHarness.API_KEY).doesNotContain(SECOND_APP_KEY);
            it.drop("vip-users.update.2.csv", "id,action\nm0,remove\nm1,remove\n");
            it.awaitReport("vip-users.update.2.csv", "DONE");
            assertThat(ids(emulator.appMembers(IntegrationHarness.API_KEY, "vip-users"))).isEqualTo(ids(2, 2_000));
            assertThat(ids(emulator.appMembers(SECOND_APP_KEY, "vip-users"))).isEqualTo(ids(2, 2_000));
            it.drop("vip-users.sync.3.csv", csv(100, 2_100));
            JsonNode sync = it.awaitReport("vip-users.sync.3.csv", "DONE");
            assertThat(sync.get("apps").findValuesAsText("syncMode")).containsExactly("replace", "replace");
        }
        assertThat(ids(emulator.appMembers(IntegrationHarness.API_KEY, "vip-users"))).isEqualTo(ids(100, 2_100));
        assertThat(ids(emulator.appMembers(SECOND_APP_KEY, "vip-users"))).isEqualTo(ids(100, 2_100));
    }
}
