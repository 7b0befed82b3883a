package dev.warren.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The CLI's HTTP client: the SDK's default one ({@code Warren.Builder}: HTTP/1.1, 10 s to connect, redirects
 * followed), except that for an {@code http:} server TLS is set up only if a redirect ever leads to {@code https:}.
 * The JDK's HTTP client otherwise builds the default TLS context at once (reading and parsing the trust store), which
 * cost a CLI command against a plain-HTTP server (every command inside a space) tens of milliseconds (ADR 0008).
 */
final class CliHttp {
    private CliHttp() {}

    /** A client for {@code server}, configured as the SDK's default client. */
    static HttpClient client(URI server) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL);
        if ("http".equalsIgnoreCase(server.getScheme())) {
            // Empty parameters leave every TLS setting at the engine's defaults, which are the default context's.
            builder.sslContext(new LazyContext()).sslParameters(new SSLParameters());
        }
        return builder.build();
    }

    /** The JDK's default TLS context, fetched on first use. */
    private static final class LazyContext extends SSLContext {
        LazyContext() {
            super(new LazySpi(), null, "Default");
        }
    }

    private static final class LazySpi extends SSLContextSpi {
        private SSLContext delegate;

        private synchronized SSLContext delegate() {
            if (delegate == null) {
                try {
                    delegate = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException error) {
                    throw new IllegalStateException("The Java runtime has no default TLS context: "
                            + error.getMessage(), error);
                }
            }
            return delegate;
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] keys, javax.net.ssl.TrustManager[] trust,
                SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("The default TLS context is initialised already.");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return delegate().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return delegate().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate().getSupportedSSLParameters();
        }
    }
}
