package io.github.batchaudience.internal.client;

import java.util.List;

import io.github.batchaudience.BatchAudienceConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which API and how many destinations the keys give, and what is refused before anything is sent. */
class ClientSettingsTest {
    private final BatchAudienceConfiguration c = new BatchAudienceConfiguration();

    {
        c.setRestApiKey("rest");
    }

    private List<ClientSettings> settings() {
        return ClientSettings.of(c, "https://api.batch.com");
    }

    @Test
    void oneAppKeyIsOneAppSeveralAreSeveralInTheirOrder() {
        c.setApiKey("ios-key-1234");
        assertThat(settings()).extracting(ClientSettings::app).containsExactly("…1234");
        c.setApiKey(" ios-key-1234 , android-key-9876 ,");
        assertThat(settings()).extracting(ClientSettings::apiKey).containsExactly("ios-key-1234", "android-key-9876");
        assertThat(settings()).extracting(ClientSettings::account).containsExactly("ios-key-1234", "android-key-9876");
    }

    @Test
    void aProjectKeyIsOneProjectNamedInFull() {
        c.setProjectKey("project_abc");
        ClientSettings project = settings().get(0);
        assertThat(project.app()).isNull();
        assertThat(project.account()).isEqualTo("project project_abc");
        assertThat(project.newClient(new SharedAccounts())).isInstanceOf(AudiencesClient.class);
    }

    @Test
    void bothKeysNeitherKeyAnAppNamedTwiceAndABadVersionAreRefused() {
        assertThatThrownBy(this::settings).hasMessageStartingWith("set apiKey");
        c.setApiKey("k1");
        c.setProjectKey("project_abc");
        assertThatThrownBy(this::settings).hasMessageContaining("not both");
        c.setProjectKey(null);
        c.setApiKey("k1-aaaa,k1-aaaa");
        assertThatThrownBy(this::settings).hasMessage("apiKey names the app …aaaa twice");
        c.setApiKey(null);
        c.setProjectKey("project_abc");
        c.setApiVersion("1.1");
        assertThatThrownBy(this::settings).hasMessageContaining("apiVersion must be an Audiences API version");
        c.setApiVersion("2.1");
        assertThat(settings()).hasSize(1);
    }

    @Test
    void aShortKeyIsLabelledWhole() {
        assertThat(ClientSettings.label("abc")).isEqualTo("…abc");
    }
}
