package io.github.batchaudience.internal.operation;

import io.github.batchaudience.BatchAudienceConfiguration;
import io.github.batchaudience.internal.client.CallCounter;
import io.github.batchaudience.internal.client.FakeBatchApiClient;
import io.github.batchaudience.model.IdType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdTypeResolverTest {
    private final FakeBatchApiClient api = new FakeBatchApiClient();
    private final BatchAudienceConfiguration configuration = new BatchAudienceConfiguration();
    private final IdTypeResolver resolver = new IdTypeResolver(api, configuration);
    private final CallCounter counter = new CallCounter();

    @Test
    void theTypeIsReadOnceAndRemembered() throws Exception {
        api.with("crm", IdType.custom_ids).with("installs", IdType.install_ids);

        assertThat(resolver.forReading("crm", null, counter)).isEqualTo(IdType.custom_ids);
        assertThat(resolver.forReading("installs", null, counter)).isEqualTo(IdType.install_ids);
        assertThat(resolver.forWriting("installs", null, counter)).isEqualTo(IdType.install_ids);

        assertThat(api.calls()).containsExactly("GET crm", "GET installs");
    }

    @Test
    void aForgottenAudienceIsReadAgain() throws Exception {
        api.with("crm", IdType.custom_ids);
        resolver.forReading("crm", null, counter);
        resolver.forget("crm");
        resolver.forReading("crm", null, counter);
        assertThat(api.calls()).containsExactly("GET crm", "GET crm");
    }

    @Test
    void theOptionIsTakenOnTrustWhenNothingIsToBeCreated() throws Exception {
        assertThat(resolver.forWriting("crm", IdType.advertising_ids, counter)).isEqualTo(IdType.advertising_ids);
        assertThat(api.calls()).isEmpty();
    }

    @Test
    void autoCreateCreatesAMissingAudienceForAWriteOnly() throws Exception {
        configuration.setAutoCreate(true);
        assertThat(resolver.forReading("crm", IdType.custom_ids, counter)).isEqualTo(IdType.custom_ids);
        assertThat(api.exists("crm")).isFalse();

        assertThat(resolver.forWriting("crm", IdType.custom_ids, counter)).isEqualTo(IdType.custom_ids);
        assertThat(api.exists("crm")).isTrue();
        assertThat(api.calls()).containsExactly("GET crm", "POST 1.0 crm");
    }

    @Test
    void aDryRunNeverCreates() throws Exception {
        configuration.setAutoCreate(true);
        configuration.setDryRun(true);
        assertThat(resolver.forWriting("crm", IdType.custom_ids, counter)).isEqualTo(IdType.custom_ids);
        assertThat(api.exists("crm")).isFalse();
    }

    @Test
    void autoCreateNeedsTheIdTypeAndTheOptionMustMatchTheAudience() {
        configuration.setAutoCreate(true);
        assertThatThrownBy(() -> resolver.forWriting("crm", null, counter))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoCreate needs the idType option");

        api.with("installs", IdType.install_ids);
        assertThatThrownBy(() -> resolver.forWriting("installs", IdType.custom_ids, counter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("audience installs holds install_ids, not custom_ids as the idType option says");
    }

    @Test
    void anAudienceCreatedMeanwhileBySomeoneElseIsWhatWasWanted() throws Exception {
        api.with("crm", IdType.custom_ids);
        resolver.createIfMissing("crm", IdType.custom_ids, counter);
        assertThat(api.calls()).containsExactly("POST 1.0 crm");
    }
}
