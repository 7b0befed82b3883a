package dev.warren.cli;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's HTTP client: the SDK's settings, and TLS set up only when an http server's redirect needs it. */
class CliHttpTest {
    @Test
    void a_client_has_the_sdk_defaults() {
        HttpClient client = CliHttp.client(URI.create("http://127.0.0.1:7399"));
        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(client.connectTimeout()).hasValue(java.time.Duration.ofSeconds(10));
        assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NORMAL);
    }

    @Test
    void an_https_server_gets_the_default_tls_context() throws Exception {
        assertThat(CliHttp.client(URI.create("https://warren.example.com")).sslContext())
                .isSameAs(SSLContext.getDefault());
    }

    @Test
    void an_http_server_gets_a_context_that_becomes_the_default_one_when_used() throws Exception {
        SSLContext lazy = CliHttp.client(URI.create("http://localhost:3000")).sslContext();
        assertThat(lazy).isNotSameAs(SSLContext.getDefault());
        assertThat(lazy.getDefaultSSLParameters().getProtocols())
                .containsExactly(SSLContext.getDefault().getDefaultSSLParameters().getProtocols());
        assertThat(lazy.createSSLEngine("warren.example.com", 443).getEnabledCipherSuites())
                .containsExactly(SSLContext.getDefault().createSSLEngine().getEnabledCipherSuites());
        assertThat(lazy.getClientSessionContext()).isSameAs(SSLContext.getDefault().getClientSessionContext());
    }
}
