package dev.warren.server.ports;

import dev.warren.client.RunOptions;
import dev.warren.client.Warren;
import dev.warren.client.wire.PortUrls.CreatedPreview;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The port URL proxy in front of real services in a real space: busybox httpd on 8080 (a page and a 50 MB file),
 * and three small {@code nc -ll -e} servers: 9100 answers with the request head it received (what the space
 * sees), 9200 answers every request of a kept-alive connection, 9000 switches protocols and echoes. Subclasses
 * pick the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PortProxyContract {
    private static final String DUMP = """
            #!/bin/sh
            cr=$(printf '\\r')
            head=""
            while IFS= read -r line; do
              [ "$line" = "$cr" ] || [ -z "$line" ] && break
              head="$head$line
            "
            done
            printf 'HTTP/1.1 200 OK\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n%s' "${#head}" "$head"
            """;
    private static final String KEEP_ALIVE = """
            #!/bin/sh
            cr=$(printf '\\r')
            n=0
            while true; do
              while IFS= read -r line; do [ "$line" = "$cr" ] || [ -z "$line" ] && break; done || exit 0
              n=$((n+1))
              printf 'HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nreq%d\\n' "$n"
            done
            """;
    private static final String ECHO = """
            #!/bin/sh
            cr=$(printf '\\r')
            while IFS= read -r line; do [ "$line" = "$cr" ] || [ -z "$line" ] && break; done
            printf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: echo\\r\\nConnection: Upgrade\\r\\n\\r\\n'
            exec cat
            """;

    private TestServer server;
    private Warren owner;
    private String ownerToken;
    private String bobToken;
    private String space;
    private String spaceId;
    private String template;
    private String bigSha256;
    private ProxyHttp proxy;

    abstract String engineHost();

    @BeforeAll
    void start() {
        server = TestServer.sqlite(engineHost());
        String name = TestServer.randomName("owner");
        owner = server.newUser(name);
        ownerToken = Warren.login(server.url(), name, "password-" + name, "raw", null).token();
        String bob = TestServer.randomName("bob");
        server.newUser(bob);
        bobToken = Warren.login(server.url(), bob, "password-" + bob, "raw", null).token();
        template = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, infinity]\n", List.of(), true));
        space = TestServer.randomName("web");
        owner.create(space, template);
        spaceId = owner.start(space).id();
        owner.writeFile(space, "/srv/www/index.html", "hello through the proxy\n");
        owner.writeFile(space, "/srv/dump.sh", DUMP);
        owner.writeFile(space, "/srv/keepalive.sh", KEEP_ALIVE);
        owner.writeFile(space, "/srv/echo.sh", ECHO);
        String prepared = owner.runOutput(space, "sh", "-c", "chmod +x /srv/*.sh && dd if=/dev/urandom"
                + " of=/srv/www/big.bin bs=1M count=50 2>/dev/null && httpd -p 8080 -h /srv/www"
                + " && sha256sum /srv/www/big.bin");
        bigSha256 = prepared.strip().split("\\s+")[0];
        for (String[] service : List.of(new String[] {"9100", "/srv/dump.sh"},
                new String[] {"9200", "/srv/keepalive.sh"}, new String[] {"9000", "/srv/echo.sh"})) {
            owner.processes(space).background("nc", RunOptions.argv("-ll", "-p", service[0], "-e", service[1]));
        }
        proxy = new ProxyHttp(server.server().portProxyPort());
        awaitAnswer(8080);
        awaitAnswer(9100);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String host(int port) {
        return port + "-" + spaceId + ".localhost:" + server.server().portProxyPort();
    }

    private ProxyHttp.Answer asOwner(int port, String target) {
        return proxy.get(host(port), target, "Authorization", "Bearer " + ownerToken);
    }

    /** Polls until the service behind the port answers through the proxy (it starts in the background). */
    private void awaitAnswer(int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (asOwner(port, "/").status() == 502) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Port " + port + " never answered through the proxy.");
            }
            try {
                Thread.sleep(50); // a poll interval, bounded by the deadline
            } catch (InterruptedException interrupted) {
                throw new AssertionError(interrupted);
            }
        }
    }

    @Test
    void a_page_arrives_through_the_host_based_and_the_path_based_url() {
        ProxyHttp.Answer hostBased = asOwner(8080, "/index.html");
        assertThat(hostBased.status()).isEqualTo(200);
        assertThat(hostBased.body()).isEqualTo("hello through the proxy\n");
        ProxyHttp.Answer pathBased = proxy.get("127.0.0.1", "/spaces/" + spaceId + "/ports/8080/index.html",
                "Authorization", "Bearer " + ownerToken);
        assertThat(pathBased.body()).isEqualTo("hello through the proxy\n");
    }

    @Test
    void without_credentials_it_is_401_and_with_another_users_token_404() {
        assertThat(proxy.get(host(8080), "/index.html").status()).isEqualTo(401);
        assertThat(proxy.get(host(8080), "/index.html", "Authorization", "Bearer " + bobToken).status())
                .isEqualTo(404);
    }

    @Test
    void the_space_never_sees_warren_credentials_and_gets_forwarding_headers() {
        CreatedPreview preview = owner.portUrls(space).preview(9100, Duration.ofMinutes(5));
        String seen = proxy.get(host(9100), "/who?x=1", "X-Warren-Preview", preview.token(),
                "Authorization", "Bearer the-apps-own-token",
                "Cookie", "app=1; warren_session=s; warren_preview_9100=" + preview.token()).body();
        assertThat(seen).startsWith("GET /who?x=1 HTTP/1.1").contains("Authorization: Bearer the-apps-own-token")
                .contains("Cookie: app=1\r").contains("X-Forwarded-For: 127.0.0.1")
                .contains("X-Forwarded-Proto: http").contains("X-Forwarded-Host: " + host(9100))
                .doesNotContain(preview.token()).doesNotContain("warren_session").doesNotContainIgnoringCase(
                        "X-Warren-Preview");
        String withToken = asOwner(9100, "/").body();
        assertThat(withToken).doesNotContain(ownerToken).doesNotContain("Authorization");
        String pathBased = proxy.get("127.0.0.1", "/spaces/" + spaceId + "/ports/9100/deep/path?warren_preview="
                + preview.token() + "&keep=1").body();
        assertThat(pathBased).startsWith("GET /deep/path?keep=1 HTTP/1.1").contains("Connection: close")
                .contains("X-Forwarded-Prefix: /spaces/" + spaceId + "/ports/9100").doesNotContain(preview.token());
    }

    @Test
    void a_preview_opens_its_port_by_link_and_cookie_but_not_another_port_and_not_once_revoked() {
        CreatedPreview preview = owner.portUrls(space).preview(8080, Duration.ofMinutes(5));
        ProxyHttp.Answer link = proxy.get(host(8080), "/index.html?warren_preview=" + preview.token());
        assertThat(link.status()).isEqualTo(302);
        String cookie = link.header("Set-Cookie").split(";")[0];
        assertThat(proxy.get(host(8080), "/index.html", "Cookie", cookie).body()).isEqualTo("hello through the proxy\n");
        assertThat(proxy.get(host(9100), "/", "X-Warren-Preview", preview.token()).status()).isEqualTo(401);
        owner.portUrls(space).revoke(preview.id());
        assertThat(proxy.get(host(8080), "/index.html", "Cookie", cookie).status()).isEqualTo(401);
    }

    @Test
    void a_public_port_opens_without_credentials() {
        owner.portUrls(space).setPublic(8080, true);
        try {
            assertThat(proxy.get(host(8080), "/index.html").body()).isEqualTo("hello through the proxy\n");
        } finally {
            owner.portUrls(space).setPublic(8080, false);
        }
    }

    @Test
    void a_stopped_space_and_a_port_nobody_listens_on_are_502_with_a_sentence() {
        String stopped = TestServer.randomName("stopped");
        owner.create(stopped, template);
        String id = owner.get(stopped).id();
        ProxyHttp.Answer answer = proxy.get("8080-" + id + ".localhost", "/", "Authorization", "Bearer " + ownerToken);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.body()).contains("is stopped; start it");
        ProxyHttp.Answer nobody = asOwner(8999, "/");
        assertThat(nobody.status()).isEqualTo(502);
        assertThat(nobody.body()).contains("Nothing listens on port 8999").contains("not only on 127.0.0.1");
    }

    @Test
    void a_50_megabyte_file_arrives_intact() {
        ProxyHttp.Answer big = asOwner(8080, "/big.bin");
        assertThat(big.status()).isEqualTo(200);
        assertThat(big.length()).isEqualTo(50L << 20);
        assertThat(big.sha256()).isEqualTo(bigSha256);
    }

    @Test
    void requests_on_a_kept_alive_connection_are_each_answered_and_one_for_another_space_ends_it() throws Exception {
        try (Socket socket = proxy.open()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String request = "GET / HTTP/1.1\r\nHost: " + host(9200) + "\r\nAuthorization: Bearer " + ownerToken
                    + "\r\n\r\n";
            ProxyHttp.write(out, request);
            assertThat(ProxyHttp.read(in).body()).isEqualTo("req1\n");
            ProxyHttp.write(out, request);
            assertThat(ProxyHttp.read(in).body()).isEqualTo("req2\n");
            ProxyHttp.write(out, "GET / HTTP/1.1\r\nHost: 9200-00000000-0000-0000-0000-000000000000.localhost\r\n"
                    + "Authorization: Bearer " + ownerToken + "\r\n\r\n");
            assertThat(in.read()).as("the connection ends instead of reaching another space").isEqualTo(-1);
        }
    }

    @Test
    void an_upgrade_gets_a_raw_stream_both_ways_until_its_preview_is_revoked() throws Exception {
        CreatedPreview preview = owner.portUrls(space).preview(9000, Duration.ofMinutes(5));
        try (Socket socket = proxy.open()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ProxyHttp.write(out, "GET /socket HTTP/1.1\r\nHost: " + host(9000) + "\r\nConnection: Upgrade\r\n"
                    + "Upgrade: echo\r\nX-Warren-Preview: " + preview.token() + "\r\n\r\n");
            assertThat(ProxyHttp.line(in)).isEqualTo("HTTP/1.1 101 Switching Protocols");
            for (String line = ProxyHttp.line(in); !line.isEmpty(); line = ProxyHttp.line(in)) {
                assertThat(line).isNotBlank();
            }
            for (int round = 0; round < 3; round++) {
                ProxyHttp.write(out, "ping " + round + "\n");
                assertThat(ProxyHttp.line(in)).isEqualTo("ping " + round);
            }
            owner.portUrls(space).revoke(preview.id());
            assertThat(in.read()).as("revoking the preview closes the connection it opened").isEqualTo(-1);
        }
    }
}
