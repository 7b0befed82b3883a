package dev.warren.server.ports;

import dev.warren.client.Warren;
import dev.warren.client.WarrenException;
import dev.warren.client.wire.PortUrls.CreatedPreview;
import dev.warren.client.wire.PortUrls.PortUrl;
import dev.warren.client.wire.PortUrls.PreviewInfo;
import dev.warren.client.wire.Templates.TemplateRequest;
import dev.warren.server.support.RawHttp;
import dev.warren.server.support.TestServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The port URL rules on the in-memory runtime (no engine): refusals of the REST routes (each a sentence naming the
 * field, nothing stored), who may mint, list, revoke and make public, and the proxy's gate — who gets through and
 * who gets 401 or 404. The in-memory runtime has no network, so a request the gate lets through ends in a 502
 * saying the space cannot be reached; what lies beyond the gate is the engine ITs' ({@link PortProxyContract}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortUrlRulesTest {
    private static final String PASSED_THE_GATE = "cannot be reached";

    private TestServer server;
    private Warren alice;
    private Warren bob;
    private Warren carol;
    private String aliceToken;
    private String bobToken;
    private String space;
    private String spaceId;
    private String otherSpaceId;
    private ProxyHttp proxy;

    @BeforeAll
    void start() {
        server = TestServer.sqlite(TestServer.MEMORY, Map.of("WARREN_PREVIEW_MAX_TTL_SECONDS", "3600"));
        String aliceName = TestServer.randomName("alice");
        String bobName = TestServer.randomName("bob");
        String carolName = TestServer.randomName("carol");
        alice = server.newUser(aliceName);
        bob = server.newUser(bobName);
        carol = server.newUser(carolName);
        aliceToken = Warren.login(server.url(), aliceName, "password-" + aliceName, "raw", null).token();
        bobToken = Warren.login(server.url(), bobName, "password-" + bobName, "raw", null).token();
        String template = TestServer.randomName("tpl");
        server.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n"
                + "command: [sleep, \"3600\"]\n", List.of(), true));
        space = TestServer.randomName("web");
        alice.create(space, template);
        spaceId = alice.start(space).id();
        alice.share(space, carolName);
        String other = TestServer.randomName("other");
        alice.create(other, template);
        otherSpaceId = alice.get(other).id();
        alice.start(other);
        proxy = new ProxyHttp(server.server().portProxyPort());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String host(int port, String id) {
        return port + "-" + id + ".localhost:" + server.server().portProxyPort();
    }

    private int storedRows() {
        return server.server().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT (SELECT COUNT(*) FROM preview_tokens) + (SELECT COUNT(*) FROM public_ports)")
                .mapTo(Integer.class).one());
    }

    private void refused(ThrowingCallable call, Class<? extends WarrenException> type, String words) {
        int before = storedRows();
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(words);
        assertThat(storedRows()).as("rows after a refusal").isEqualTo(before);
    }

    // ---- REST rules

    @Test
    void a_port_outside_1_to_65535_is_refused_naming_port_and_nothing_is_stored() {
        for (int port : new int[] {0, -1, 65536}) {
            refused(() -> alice.portUrls(space).url(port), WarrenException.ValidationFailed.class, "'port'");
            refused(() -> alice.portUrls(space).preview(port, Duration.ofMinutes(1)),
                    WarrenException.ValidationFailed.class, "'port'");
            refused(() -> alice.portUrls(space).setPublic(port, true), WarrenException.ValidationFailed.class,
                    "'port'");
        }
        RawHttp http = new RawHttp(server.url());
        RawHttp.Answer word = http.send("GET", "/api/spaces/" + space + "/ports/http/url", null,
                "Authorization", "Bearer " + aliceToken);
        assertThat(word.status()).isEqualTo(400);
        assertThat(word.body()).contains("'port'");
    }

    @Test
    void a_preview_life_outside_1_second_to_the_maximum_is_refused_naming_ttl_seconds() {
        for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-5), Duration.ofSeconds(3601))) {
            refused(() -> alice.portUrls(space).preview(8080, ttl), WarrenException.ValidationFailed.class,
                    "'ttl_seconds'");
        }
    }

    @Test
    void a_space_of_someone_else_is_404_on_every_route_and_nothing_is_stored() {
        CreatedPreview preview = alice.portUrls(space).preview(8080, Duration.ofMinutes(5));
        refused(() -> bob.portUrls(space).url(8080), WarrenException.NotFound.class, space);
        refused(() -> bob.portUrls(spaceId).preview(8080, Duration.ofMinutes(1)), WarrenException.NotFound.class,
                spaceId);
        refused(() -> bob.portUrls(spaceId).previews(), WarrenException.NotFound.class, spaceId);
        refused(() -> bob.portUrls(spaceId).revoke(preview.id()), WarrenException.NotFound.class, spaceId);
        refused(() -> bob.portUrls(spaceId).setPublic(8080, true), WarrenException.NotFound.class, spaceId);
        assertThat(alice.portUrls(space).previews()).filteredOn(info -> info.id().equals(preview.id()))
                .singleElement().extracting(PreviewInfo::active).isEqualTo(true);
    }

    @Test
    void a_port_url_is_host_based_on_the_proxy_and_private_until_its_owner_makes_it_public() {
        PortUrl url = alice.portUrls(space).url(3000);
        assertThat(url.url()).isEqualTo("http://3000-" + spaceId + ".localhost:" + server.server().portProxyPort());
        assertThat(url.spaceId()).isEqualTo(spaceId);
        assertThat(url.publicPort()).isFalse();
        assertThat(alice.portUrls(space).setPublic(3000, true).publicPort()).isTrue();
        assertThat(carol.portUrls(spaceId).url(3000).publicPort()).isTrue();
        assertThat(alice.portUrls(space).setPublic(3000, false).publicPort()).isFalse();
    }

    @Test
    void a_shared_user_may_mint_previews_but_only_the_owner_or_an_admin_makes_a_port_public() {
        CreatedPreview mine = carol.portUrls(spaceId).preview(8080, Duration.ofMinutes(5));
        assertThat(mine.url()).contains("warren_preview=" + mine.token());
        refused(() -> carol.portUrls(spaceId).setPublic(8080, true), WarrenException.Forbidden.class,
                "Only the owner");
        assertThat(server.admin().portUrls(spaceId).setPublic(8081, true).publicPort()).isTrue();
        server.admin().portUrls(spaceId).setPublic(8081, false);
        carol.portUrls(spaceId).revoke(mine.id()); // its creator may revoke it
    }

    @Test
    void previews_are_listed_without_secrets_and_revoking_is_idempotent() {
        CreatedPreview preview = alice.portUrls(space).preview(9000, Duration.ofMinutes(10));
        assertThat(preview.token()).startsWith("wrp_");
        assertThat(preview.expiresAt()).isAfter(java.time.Instant.now().plusSeconds(590));
        PreviewInfo listed = alice.portUrls(space).previews().stream()
                .filter(info -> info.id().equals(preview.id())).findFirst().orElseThrow();
        assertThat(listed.port()).isEqualTo(9000);
        assertThat(listed.active()).isTrue();
        assertThat(listed.revokedAt()).isNull();
        int storedAsIs = server.server().database().jdbi().withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM preview_tokens WHERE token_hash = :secret").bind("secret", preview.token())
                .mapTo(Integer.class).one());
        assertThat(storedAsIs).as("the secret is not stored").isZero();
        alice.portUrls(space).revoke(preview.id());
        alice.portUrls(space).revoke(preview.id());
        PreviewInfo revoked = alice.portUrls(space).previews().stream()
                .filter(info -> info.id().equals(preview.id())).findFirst().orElseThrow();
        assertThat(revoked.active()).isFalse();
        assertThat(revoked.revokedAt()).isNotNull();
        refused(() -> alice.portUrls(space).revoke("no-such-preview"), WarrenException.NotFound.class,
                "no-such-preview");
    }

    @Test
    void with_port_urls_off_every_route_answers_409_saying_how_to_turn_them_on() {
        try (TestServer off = TestServer.sqlite(TestServer.MEMORY, Map.of("WARREN_PORT_PROXY_PORT", "-1"))) {
            String template = TestServer.randomName("tpl");
            off.admin().templates().create(new TemplateRequest(template, "", "", "image: warren-base:latest\n",
                    List.of(), true));
            off.admin().create("box", template);
            assertThat(off.server().portProxyPort()).isEqualTo(-1);
            assertThatThrownBy(() -> off.admin().portUrls("box").url(8080))
                    .isInstanceOf(WarrenException.Conflict.class).hasMessageContaining("WARREN_PORT_PROXY_PORT");
            assertThatThrownBy(() -> off.admin().portUrls("box").preview(8080, Duration.ofMinutes(1)))
                    .isInstanceOf(WarrenException.Conflict.class).hasMessageContaining("turn");
        }
    }

    // ---- the proxy's gate

    @Test
    void a_request_without_credentials_is_401_with_a_sentence() {
        ProxyHttp.Answer answer = proxy.get(host(8080, spaceId), "/");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("Port 8080 of space " + spaceId + " is private");
        ProxyHttp.Answer pathBased = proxy.get("127.0.0.1", "/spaces/" + spaceId + "/ports/8080/index.html");
        assertThat(pathBased.status()).isEqualTo(401);
    }

    @Test
    void another_users_token_is_404_like_an_unknown_space() {
        ProxyHttp.Answer theirs = proxy.get(host(8080, spaceId), "/", "Authorization", "Bearer " + bobToken);
        ProxyHttp.Answer unknown = proxy.get(host(8080, "00000000-0000-0000-0000-000000000000"), "/",
                "Authorization", "Bearer " + bobToken);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(theirs.body().replace(spaceId, "X")).isEqualTo(unknown.body().replace(
                "00000000-0000-0000-0000-000000000000", "X"));
    }

    @Test
    void the_owners_token_passes_the_gate_host_based_and_path_based_matching_the_name_case_insensitively() {
        assertThat(proxy.get(host(8080, spaceId).toUpperCase(), "/", "Authorization", "Bearer " + aliceToken).body())
                .contains(PASSED_THE_GATE);
        assertThat(proxy.get("anything.example", "/spaces/" + spaceId + "/ports/8080/x?y=1",
                "Authorization", "Bearer " + aliceToken).body()).contains(PASSED_THE_GATE);
    }

    @Test
    void a_preview_token_opens_only_its_own_space_and_port() {
        CreatedPreview preview = alice.portUrls(space).preview(8080, Duration.ofMinutes(5));
        assertThat(proxy.get(host(8080, spaceId), "/", "X-Warren-Preview", preview.token()).body())
                .contains(PASSED_THE_GATE);
        ProxyHttp.Answer otherPort = proxy.get(host(8081, spaceId), "/", "X-Warren-Preview", preview.token());
        assertThat(otherPort.status()).isEqualTo(401);
        assertThat(otherPort.body()).contains("another space or port");
        assertThat(proxy.get(host(8080, otherSpaceId), "/", "X-Warren-Preview", preview.token()).status())
                .isEqualTo(401);
        assertThat(proxy.get(host(8080, spaceId), "/", "X-Warren-Preview", "wrp_forged").status()).isEqualTo(401);
    }

    @Test
    void a_preview_link_redirects_without_the_token_and_sets_a_host_only_cookie_that_then_opens_the_port() {
        CreatedPreview preview = alice.portUrls(space).preview(8080, Duration.ofMinutes(5));
        ProxyHttp.Answer link = proxy.get(host(8080, spaceId), "/app?x=1&warren_preview=" + preview.token());
        assertThat(link.status()).isEqualTo(302);
        assertThat(link.header("Location")).isEqualTo("/app?x=1");
        String cookie = link.header("Set-Cookie");
        assertThat(cookie).startsWith("warren_preview_8080=" + preview.token() + ";").contains("HttpOnly")
                .doesNotContainIgnoringCase("domain=");
        assertThat(proxy.get(host(8080, spaceId), "/app?x=1", "Cookie", "a=b; warren_preview_8080=" + preview.token())
                .body()).contains(PASSED_THE_GATE);
        // path-based URLs share one origin between spaces: there cookies never count, explicit tokens do
        String path = "/spaces/" + spaceId + "/ports/8080/";
        assertThat(proxy.get("127.0.0.1", path, "Cookie", "warren_preview_8080=" + preview.token()).status())
                .isEqualTo(401);
        assertThat(proxy.get("127.0.0.1", path + "?warren_preview=" + preview.token()).body())
                .contains(PASSED_THE_GATE);
    }

    @Test
    void a_cross_site_form_post_does_not_count_the_preview_cookie() {
        CreatedPreview preview = alice.portUrls(space).preview(8080, Duration.ofMinutes(5));
        String request = "POST / HTTP/1.1\r\nHost: " + host(8080, spaceId) + "\r\nOrigin: http://8080-"
                + otherSpaceId + ".localhost\r\nSec-Fetch-Site: same-site\r\nCookie: warren_preview_8080="
                + preview.token() + "\r\nContent-Length: 0\r\n\r\n";
        assertThat(proxy.raw(request.getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(401);
        String sameSpace = request.replace("http://8080-" + otherSpaceId, "http://3000-" + spaceId);
        assertThat(proxy.raw(sameSpace.getBytes(StandardCharsets.ISO_8859_1)).body()).contains(PASSED_THE_GATE);
    }

    @Test
    void a_revoked_or_expired_preview_is_401() throws Exception {
        CreatedPreview revoked = alice.portUrls(space).preview(8080, Duration.ofMinutes(5));
        alice.portUrls(space).revoke(revoked.id());
        assertThat(proxy.get(host(8080, spaceId), "/", "X-Warren-Preview", revoked.token()).status()).isEqualTo(401);
        CreatedPreview brief = alice.portUrls(space).preview(8080, Duration.ofSeconds(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = proxy.get(host(8080, spaceId), "/", "X-Warren-Preview", brief.token()).status();
            if (status != 401) {
                Thread.sleep(100); // polling for the token's expiry, bounded by the deadline
            }
        } while (status != 401 && System.nanoTime() < deadline);
        assertThat(status).as("a one-second preview after it expired").isEqualTo(401);
    }

    @Test
    void a_public_port_needs_no_credentials_and_the_others_stay_private() {
        alice.portUrls(space).setPublic(7000, true);
        try {
            assertThat(proxy.get(host(7000, spaceId), "/").body()).contains(PASSED_THE_GATE);
            assertThat(proxy.get(host(7001, spaceId), "/").status()).isEqualTo(401);
        } finally {
            alice.portUrls(space).setPublic(7000, false);
        }
        assertThat(proxy.get(host(7000, spaceId), "/").status()).isEqualTo(401);
    }

    @Test
    void a_stopped_space_is_502_with_a_sentence_saying_to_start_it() {
        String stopped = TestServer.randomName("stopped");
        String template = server.admin().templates().list().getFirst().name();
        alice.create(stopped, template);
        String id = alice.get(stopped).id();
        ProxyHttp.Answer answer = proxy.get(host(8080, id), "/", "Authorization", "Bearer " + aliceToken);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.body()).contains("Space " + stopped + " is stopped; start it");
    }

    @Test
    void requests_the_proxy_cannot_route_or_frame_are_refused_with_a_sentence() {
        assertThat(proxy.get("127.0.0.1", "/elsewhere").status()).isEqualTo(404);
        assertThat(proxy.get("127.0.0.1", "/elsewhere").body()).contains("/spaces/<space id>/ports/<port>/");
        assertThat(proxy.get(host(70000, spaceId), "/").status()).isEqualTo(400);
        assertThat(proxy.raw("NONSENSE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(400);
        assertThat(proxy.raw(("GET / HTTP/1.1\r\nHost: " + host(8080, spaceId) + "\r\n folded: no\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(400);
        String smuggle = "POST / HTTP/1.1\r\nHost: " + host(8080, spaceId) + "\r\nAuthorization: Bearer " + aliceToken
                + "\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
        assertThat(proxy.raw(smuggle.getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(400);
        String huge = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n";
        assertThat(proxy.raw(huge.getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(431);
    }
}
