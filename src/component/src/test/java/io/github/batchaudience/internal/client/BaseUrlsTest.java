package io.github.batchaudience.internal.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys travel in headers and the path: plain http is for this machine only. */
class BaseUrlsTest {
    @ParameterizedTest
    @ValueSource(strings = { "http://api.batch.com", "http://10.0.0.7:8080", "http://127.example.com",
                             "http://localhost.example.com", "http://[::2]:80", "http://128.0.0.1" })
    void plainHttpToAHostThatIsNotLoopbackIsRefused(String url) {
        assertThatThrownBy(() -> BaseUrls.check(url, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not loopback").hasMessageContaining("allowInsecureHttp");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9000", "http://127.1.2.3",
                             "https://api.batch.com/" })
    void httpsAnywhereAndPlainHttpToLoopbackAreAccepted(String url) {
        assertThat(BaseUrls.check(url, false)).doesNotEndWith("/");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://api.batch.com", "api.batch.com", "https://user:pw@api.batch.com",
                             "https://api.batch.com?x=1" })
    void whatIsNotABaseUrlIsRefused(String url) {
        assertThatThrownBy(() -> BaseUrls.check(url, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://api.batch.com", "http://10.0.0.7:8080" })
    void plainHttpElsewhereOnlyWhenExplicitlyAllowed(String url) {
        assertThat(BaseUrls.check(url, true)).isEqualTo(url);
    }
}
