package dev.warren.store;

import static dev.warren.store.Fixtures.T0;
import static dev.warren.store.Fixtures.id;
import static dev.warren.store.Fixtures.space;
import static dev.warren.store.Fixtures.template;
import static dev.warren.store.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.core.ConflictException;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.store.PreviewTokenStore.PreviewToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The port URL stores (preview tokens, public ports) on every database: round trips, revocation, expiry clean-up,
 * and rows that go with their space. Subclasses open a fresh, empty database per test.
 */
abstract class PortUrlStoresContract {
    private Database database;
    private PreviewTokenStore previews;
    private PublicPortStore publicPorts;
    private SpaceStore spaces;
    private User alice;
    private Space box;

    protected abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = openDatabase();
        previews = new PreviewTokenStore(database.jdbi());
        publicPorts = new PublicPortStore(database.jdbi());
        spaces = new SpaceStore(database.jdbi());
        alice = user("alice");
        new UserStore(database.jdbi()).insert(alice);
        Template debian = template("debian");
        new TemplateStore(database.jdbi()).insert(debian);
        box = space(alice, debian, "box");
        spaces.insert(box);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private PreviewToken token(int port, String hash) {
        return new PreviewToken(id(), box.id(), port, hash, alice.id(), T0, T0.plusSeconds(600), null);
    }

    @Test
    void a_preview_token_round_trips_and_is_found_by_hash_and_by_id_within_its_space() {
        PreviewToken token = token(8080, "hash-a");
        previews.insert(token);
        assertThat(previews.findByHash("hash-a")).contains(token);
        assertThat(previews.find(box.id(), token.id())).contains(token);
        assertThat(previews.find(id(), token.id())).isEmpty();
        assertThat(previews.findByHash("other")).isEmpty();
        assertThat(previews.listForSpace(box.id())).containsExactly(token);
    }

    @Test
    void a_token_opens_only_its_space_and_port_until_it_expires_or_is_revoked() {
        PreviewToken token = token(8080, "hash-b");
        previews.insert(token);
        assertThat(token.opens(box.id(), 8080, T0.plusSeconds(599))).isTrue();
        assertThat(token.opens(box.id(), 8081, T0)).isFalse();
        assertThat(token.opens(id(), 8080, T0)).isFalse();
        assertThat(token.opens(box.id(), 8080, T0.plusSeconds(600))).isFalse();
        assertThat(previews.revoke(box.id(), token.id(), T0.plusSeconds(1))).isTrue();
        assertThat(previews.revoke(box.id(), token.id(), T0.plusSeconds(2))).as("already revoked").isFalse();
        PreviewToken revoked = previews.findByHash("hash-b").orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(revoked.opens(box.id(), 8080, T0)).isFalse();
    }

    @Test
    void a_duplicate_hash_or_a_missing_space_is_a_conflict() {
        previews.insert(token(80, "hash-c"));
        assertThatThrownBy(() -> previews.insert(token(81, "hash-c"))).isInstanceOf(ConflictException.class);
        PreviewToken orphan = new PreviewToken(id(), id(), 80, "hash-d", alice.id(), T0, T0.plusSeconds(5), null);
        assertThatThrownBy(() -> previews.insert(orphan)).isInstanceOf(ConflictException.class);
        assertThat(previews.findByHash("hash-d")).isEmpty();
    }

    @Test
    void expired_tokens_are_deleted_by_the_clean_up_and_live_ones_kept() {
        PreviewToken live = token(80, "hash-live");
        PreviewToken old = new PreviewToken(id(), box.id(), 80, "hash-old", alice.id(), T0.minusSeconds(60),
                T0.minusSeconds(1), null);
        previews.insert(live);
        previews.insert(old);
        assertThat(previews.deleteExpiredBefore(T0)).isEqualTo(1);
        assertThat(previews.listForSpace(box.id())).containsExactly(live);
    }

    @Test
    void a_port_is_made_public_and_private_again_idempotently() {
        assertThat(publicPorts.isPublic(box.id(), 8080)).isFalse();
        publicPorts.set(box.id(), 8080, true, T0);
        publicPorts.set(box.id(), 8080, true, T0);
        publicPorts.set(box.id(), 3000, true, T0);
        assertThat(publicPorts.isPublic(box.id(), 8080)).isTrue();
        assertThat(publicPorts.listForSpace(box.id())).containsExactly(3000, 8080);
        publicPorts.set(box.id(), 8080, false, T0);
        publicPorts.set(box.id(), 8080, false, T0);
        assertThat(publicPorts.listForSpace(box.id())).containsExactly(3000);
        assertThatThrownBy(() -> publicPorts.set(id(), 80, true, T0)).isInstanceOf(ConflictException.class);
    }

    @Test
    void tokens_and_public_ports_go_with_their_space() {
        previews.insert(token(8080, "hash-e"));
        publicPorts.set(box.id(), 8080, true, T0);
        assertThat(spaces.delete(box.id())).isTrue();
        assertThat(previews.findByHash("hash-e")).isEmpty();
        assertThat(publicPorts.isPublic(box.id(), 8080)).isFalse();
    }
}
