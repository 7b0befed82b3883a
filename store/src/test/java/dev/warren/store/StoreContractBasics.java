package dev.warren.store;

import static dev.warren.store.Fixtures.T0;
import static dev.warren.store.Fixtures.session;
import static dev.warren.store.Fixtures.space;
import static dev.warren.store.Fixtures.template;
import static dev.warren.store.Fixtures.token;
import static dev.warren.store.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.ApiToken;
import dev.warren.core.model.CustomFieldDefinition;
import dev.warren.core.model.Role;
import dev.warren.core.model.Shell;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * First half of the store contract: setup, users, tokens, sessions and templates. {@link StoreContract} adds the
 * rest; a database's test class extends that and opens a fresh, empty database per test.
 */
abstract class StoreContractBasics {
    protected Database database;
    UserStore users;
    TokenStore tokens;
    SessionStore sessions;
    TemplateStore templates;
    SpaceStore spaces;
    ScriptStore scripts;
    PortForwardStore forwards;
    User alice;
    User bob;
    Template debian;

    /** A freshly migrated database no other test uses. */
    protected abstract Database openDatabase() throws Exception;

    /** "sqlite" or "postgresql". */
    protected abstract String expectedVendor();

    @BeforeEach
    void openStores() throws Exception {
        database = openDatabase();
        users = new UserStore(database.jdbi());
        tokens = new TokenStore(database.jdbi());
        sessions = new SessionStore(database.jdbi());
        templates = new TemplateStore(database.jdbi());
        spaces = new SpaceStore(database.jdbi());
        scripts = new ScriptStore(database.jdbi());
        forwards = new PortForwardStore(database.jdbi());
        alice = user("alice");
        bob = user("bob");
        users.insert(alice);
        users.insert(bob);
        debian = template("debian");
        templates.insert(debian);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void the_database_reports_its_vendor() {
        assertThat(database.vendor()).isEqualTo(expectedVendor());
    }

    // ---- users

    @Test
    void a_user_round_trips_every_field_including_unicode_and_nulls() {
        User full = new User(Fixtures.id(), "zoë-山田", "Zoë@Example.com", "$2a$hash", Set.of(Role.ADMIN, Role.USER),
                false, Shell.FISH, "Asia/Tokyo", "pässwörd 🔑", T0);
        User sparse = new User(Fixtures.id(), "nulls", null, null, Set.of(), true, null, null, null, T0);
        users.insert(full);
        users.insert(sparse);
        assertThat(users.findById(full.id())).contains(full);
        assertThat(users.findById(sparse.id())).contains(sparse);
        assertThat(users.findById("missing")).isEmpty();
    }

    @Test
    void a_second_user_with_the_same_username_is_refused() {
        User twin = new User(Fixtures.id(), "alice", "other@example.com", null, Set.of(), true, null, null, null, T0);
        assertThatThrownBy(() -> users.insert(twin))
                .isInstanceOf(ConflictException.class).hasMessage("A user named 'alice' already exists.");
        assertThat(users.count()).isEqualTo(2);
    }

    @Test
    void a_second_user_with_the_same_email_in_other_case_is_refused() {
        User shouting = new User(Fixtures.id(), "alice2", "ALICE@example.COM", null, Set.of(), true, null, null,
                null, T0);
        assertThatThrownBy(() -> users.insert(shouting))
                .isInstanceOf(ConflictException.class)
                .hasMessage("A user with the email 'ALICE@example.COM' already exists.");
    }

    @Test
    void users_without_an_email_do_not_clash() {
        users.insert(new User(Fixtures.id(), "agent-1", null, null, Set.of(), true, null, null, null, T0));
        users.insert(new User(Fixtures.id(), "agent-2", null, null, Set.of(), true, null, null, null, T0));
        assertThat(users.count()).isEqualTo(4);
    }

    @Test
    void a_user_is_found_by_username_email_in_any_case_or_id() {
        assertThat(users.findByUsername("alice")).contains(alice);
        assertThat(users.findByUsername("Alice")).isEmpty();
        assertThat(users.findByEmail("ALICE@EXAMPLE.COM")).contains(alice);
        assertThat(users.findByIdUsernameOrEmail(bob.id())).contains(bob);
        assertThat(users.findByIdUsernameOrEmail("bob")).contains(bob);
        assertThat(users.findByIdUsernameOrEmail("Bob@Example.com")).contains(bob);
        assertThat(users.findByIdUsernameOrEmail("carol")).isEmpty();
    }

    @Test
    void users_are_listed_by_username_and_counted() {
        users.insert(user("aaron"));
        assertThat(users.list()).extracting(User::username).containsExactly("aaron", "alice", "bob");
        assertThat(users.count()).isEqualTo(3);
    }

    @Test
    void updating_a_user_replaces_its_fields_but_not_onto_a_taken_email() {
        User changed = new User(alice.id(), "alicia", "alicia@example.com", "new-hash", Set.of(Role.ADMIN), false,
                Shell.SH, "UTC", "rotated", alice.createdAt());
        users.update(changed);
        assertThat(users.findById(alice.id())).contains(changed);
        assertThat(users.findByEmail("alice@example.com")).isEmpty();
        User stealing = new User(bob.id(), "bob", "ALICIA@example.com", null, Set.of(), true, null, null, null, T0);
        assertThatThrownBy(() -> users.update(stealing)).isInstanceOf(ConflictException.class);
        assertThat(users.findById(bob.id())).contains(bob);
    }

    @Test
    void updating_a_missing_user_is_refused() {
        assertThatThrownBy(() -> users.update(user("ghost"))).isInstanceOf(NotFoundException.class);
    }

    // ---- tokens

    @Test
    void a_token_round_trips_every_field_and_is_found_by_hash() {
        Space box = insertSpace(alice, "box");
        ApiToken full = new ApiToken(Fixtures.id(), alice.id(), "CI ✓", "hash-1", box.id(), T0.plusSeconds(60), T0,
                T0.plusSeconds(5));
        ApiToken sparse = new ApiToken(Fixtures.id(), alice.id(), null, "hash-2", null, null, T0, null);
        tokens.insert(full);
        tokens.insert(sparse);
        assertThat(tokens.findByHash("hash-1")).contains(full);
        assertThat(tokens.findByHash("hash-2")).contains(sparse);
        assertThat(tokens.findByHash("hash-3")).isEmpty();
    }

    @Test
    void a_token_with_a_taken_hash_is_refused() {
        ApiToken first = token(alice, null, T0);
        tokens.insert(first);
        ApiToken copy = new ApiToken(Fixtures.id(), bob.id(), "copy", first.tokenHash(), null, null, T0, null);
        assertThatThrownBy(() -> tokens.insert(copy))
                .isInstanceOf(ConflictException.class).hasMessage("A token with the same hash already exists.");
    }

    @Test
    void user_tokens_are_listed_newest_first_without_space_tokens() {
        Space box = insertSpace(alice, "box");
        ApiToken old = token(alice, null, T0);
        ApiToken recent = token(alice, null, T0.plusSeconds(10));
        tokens.insert(old);
        tokens.insert(recent);
        tokens.insert(token(alice, box.id(), T0.plusSeconds(20)));
        tokens.insert(token(bob, null, T0.plusSeconds(30)));
        assertThat(tokens.listForUser(alice.id())).containsExactly(recent, old);
    }

    @Test
    void a_token_is_deleted_only_by_its_owner() {
        ApiToken token = token(alice, null, T0);
        tokens.insert(token);
        assertThat(tokens.delete(token.id(), bob.id())).isFalse();
        assertThat(tokens.delete(token.id(), alice.id())).isTrue();
        assertThat(tokens.delete(token.id(), alice.id())).isFalse();
        assertThat(tokens.findByHash(token.tokenHash())).isEmpty();
    }

    @Test
    void space_tokens_are_deleted_for_their_space_only() {
        Space box = insertSpace(alice, "box");
        ApiToken spaceToken = token(alice, box.id(), T0);
        ApiToken userToken = token(alice, null, T0);
        tokens.insert(spaceToken);
        tokens.insert(userToken);
        tokens.deleteForSpace(box.id());
        assertThat(tokens.findByHash(spaceToken.tokenHash())).isEmpty();
        assertThat(tokens.findByHash(userToken.tokenHash())).isPresent();
    }

    @Test
    void touching_a_token_records_when_it_was_last_used() {
        ApiToken token = token(alice, null, T0);
        tokens.insert(token);
        tokens.touch(token.id(), T0.plusMillis(1234));
        tokens.touch("missing", T0);
        assertThat(tokens.findByHash(token.tokenHash()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusMillis(1234));
    }

    // ---- sessions

    @Test
    void a_session_round_trips_and_is_deleted() {
        var session = session(alice, T0.plusSeconds(3600));
        sessions.insert(session);
        assertThat(sessions.findByHash(session.idHash())).contains(session);
        sessions.delete(session.idHash());
        sessions.delete(session.idHash());
        assertThat(sessions.findByHash(session.idHash())).isEmpty();
    }

    @Test
    void expired_sessions_are_deleted_and_counted() {
        var expired = session(alice, T0.minusSeconds(1));
        var expiringNow = session(alice, T0);
        var valid = session(bob, T0.plusMillis(1));
        List.of(expired, expiringNow, valid).forEach(sessions::insert);
        assertThat(sessions.deleteExpired(T0)).isEqualTo(2);
        assertThat(sessions.findByHash(valid.idHash())).contains(valid);
        assertThat(sessions.findByHash(expiringNow.idHash())).isEmpty();
    }

    @Test
    void every_session_of_a_user_is_deleted_at_once() {
        var first = session(alice, T0.plusSeconds(60));
        var second = session(alice, T0.plusSeconds(60));
        var other = session(bob, T0.plusSeconds(60));
        List.of(first, second, other).forEach(sessions::insert);
        sessions.deleteForUser(alice.id());
        assertThat(sessions.findByHash(first.idHash())).isEmpty();
        assertThat(sessions.findByHash(second.idHash())).isEmpty();
        assertThat(sessions.findByHash(other.idHash())).contains(other);
    }

    // ---- templates

    @Test
    void a_template_round_trips_every_field_including_unicode_and_nulls() {
        Template full = new Template(Fixtures.id(), "Ubuntu 🐧", "Beschreibung: ä ö ü", "https://i/u.png",
                "image: ubuntu\nenv:\n  LANG: \"日本語\"\n", List.of(new CustomFieldDefinition("a", "first"),
                        new CustomFieldDefinition("b", null)), false, "h1", T0, T0.plusMillis(1));
        Template sparse = new Template(Fixtures.id(), "bare", null, null, null, List.of(), true, null, T0, T0);
        templates.insert(full);
        templates.insert(sparse);
        assertThat(templates.findById(full.id())).contains(full);
        assertThat(templates.findByName("bare")).contains(sparse);
        assertThat(templates.findByName("Bare")).isEmpty();
    }

    @Test
    void a_second_template_with_the_same_name_is_refused() {
        assertThatThrownBy(() -> templates.insert(template("debian")))
                .isInstanceOf(ConflictException.class).hasMessage("A template named 'debian' already exists.");
    }

    @Test
    void templates_are_listed_by_name_updated_and_not_renamed_onto_a_taken_name() {
        Template alpine = template("alpine");
        templates.insert(alpine);
        assertThat(templates.list()).extracting(Template::name).containsExactly("alpine", "debian");
        Template renamed = new Template(alpine.id(), "zeta", "new", null, "image: zeta", List.of(), false, "h2",
                alpine.createdAt(), T0.plusSeconds(99));
        templates.update(renamed);
        assertThat(templates.findById(alpine.id())).contains(renamed);
        Template clash = new Template(alpine.id(), "debian", null, null, null, List.of(), true, null, T0, T0);
        assertThatThrownBy(() -> templates.update(clash))
                .isInstanceOf(ConflictException.class).hasMessage("A template named 'debian' already exists.");
        assertThatThrownBy(() -> templates.update(template("ghost"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_template_used_by_a_space_cannot_be_deleted() {
        Space box = insertSpace(alice, "box");
        assertThat(templates.countSpacesUsing(debian.id())).isEqualTo(1);
        assertThatThrownBy(() -> templates.delete(debian.id())).isInstanceOf(ConflictException.class);
        assertThat(templates.findById(debian.id())).isPresent();
        assertThat(spaces.findById(box.id())).isPresent();
        spaces.delete(box.id());
        assertThat(templates.countSpacesUsing(debian.id())).isZero();
        assertThat(templates.delete(debian.id())).isTrue();
        assertThat(templates.delete(debian.id())).isFalse();
    }

    Space insertSpace(User owner, String name) {
        Space space = space(owner, debian, name);
        spaces.insert(space);
        return space;
    }
}
