package io.github.batchaudience.internal.operation;

import java.util.List;
import java.util.Map;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.internal.client.ApiException;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.client.FakeBatchApiClient;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceAdminTest {
    private final FakeBatchApiClient api = new FakeBatchApiClient();
    private final AudienceAdmin admin = new AudienceAdmin(
            AudienceWritesTest.accounts(new BatchAudienceConfiguration(), api));
    private final CallCounter counter = new CallCounter();

    @Test
    void listIsTheApisWholeListNewestFirst() throws Exception {
        for (int i = 0; i < 201; i++) {
            api.with("a" + i, IdType.custom_ids);
        }
        List<?> all = (List<?>) admin.list(null, counter).get("custom_audiences");
        assertThat(all).hasSize(201);
        assertThat(all.get(0)).isEqualTo(Map.of("name", "a200"));
        assertThat(counter.requests()).isEqualTo(3);
    }

    @Test
    void createNeedsTheIdTypeAndThenKnowsIt() throws Exception {
        assertThatThrownBy(() -> admin.create("crm", null, counter)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the idType option");
        admin.create("installs", IdType.install_ids, counter);
        assertThat(admin.view("installs", null, null, counter)).containsEntry("type", "install_ids");
        assertThat(api.calls()).containsExactly("POST 1.1 installs", "GET 1.1 installs");
    }

    @Test
    void deleteForgetsTheTypeSoThatANewAudienceOfTheNameIsReadAgain() throws Exception {
        api.with("crm", IdType.custom_ids);
        admin.delete("crm", null, counter);
        api.with("crm", IdType.install_ids);
        assertThat(admin.view("crm", null, null, counter)).containsEntry("type", "install_ids");
    }

    @Test
    void aViewWithATokenGivesItsIndexingState() throws Exception {
        api.with("crm", IdType.custom_ids);
        assertThat(admin.view("crm", IdType.custom_ids, "t1", counter)).containsEntry("indexing_state", "APPLIED");
        assertThatThrownBy(() -> admin.view("gone", IdType.custom_ids, null, counter))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isNotFound()).isTrue());
    }
}
