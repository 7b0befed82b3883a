package dev.warren.store;

import static dev.warren.store.Fixtures.T0;
import static dev.warren.store.Fixtures.forward;
import static dev.warren.store.Fixtures.script;
import static dev.warren.store.Fixtures.space;
import static dev.warren.store.Fixtures.token;
import static dev.warren.store.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.core.ConflictException;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.ApiToken;
import dev.warren.core.model.PortForward;
import dev.warren.core.model.Script;
import dev.warren.core.model.Shell;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The store contract every database must pass: {@link StoreContractBasics} plus spaces, scripts, port forwards and
 * a race. Subclasses open a fresh, empty database per test.
 */
abstract class StoreContract extends StoreContractBasics {

    // ---- spaces

    @Test
    void a_space_round_trips_every_field_including_dependency_order() {
        Space db = insertSpace(alice, "db");
        Space cache = insertSpace(alice, "cache");
        Script setup = script("setup");
        scripts.insert(setup);
        Space full = new Space(Fixtures.id(), "wörk-空間", "Ünïcödé 🚀", debian.id(), alice.id(), Shell.FISH,
                "https://i/w.png", List.of("work", "wörk"), List.of(db.id(), cache.id()), "stack-α",
                Map.of("region", "eu-🌍", "size", ""), SpaceState.RUNNING, "hash-1", "container-1", "zone-a",
                setup.id(), T0, T0.plusMillis(7));
        Space reversed = space(alice, debian, "reversed").withDependsOn(List.of(cache.id(), db.id()));
        spaces.insert(full);
        spaces.insert(reversed);
        assertThat(spaces.findById(full.id())).contains(full);
        assertThat(spaces.findById(reversed.id()).orElseThrow().dependsOn()).containsExactly(cache.id(), db.id());
        assertThat(spaces.findById(db.id())).contains(db);
        assertThat(spaces.findById("missing")).isEmpty();
    }

    @Test
    void two_spaces_of_one_owner_cannot_share_a_name_but_two_owners_can() {
        insertSpace(alice, "box");
        assertThatThrownBy(() -> insertSpace(alice, "box"))
                .isInstanceOf(ConflictException.class).hasMessage("The owner already has a space named 'box'.");
        Space bobs = insertSpace(bob, "box");
        assertThat(spaces.findByOwnerAndName(bob.id(), "box")).contains(bobs);
        assertThat(spaces.findByOwnerAndName(alice.id(), "Box")).isEmpty();
    }

    @Test
    void a_space_depending_on_a_missing_space_or_template_is_refused() {
        Space orphan = space(alice, debian, "orphan").withDependsOn(List.of("missing"));
        assertThatThrownBy(() -> spaces.insert(orphan)).isInstanceOf(ConflictException.class);
        assertThat(spaces.findById(orphan.id())).isEmpty();
        Space noTemplate = space(alice, Fixtures.template("never-stored"), "lost");
        assertThatThrownBy(() -> spaces.insert(noTemplate)).isInstanceOf(ConflictException.class);
    }

    @Test
    void updating_a_space_replaces_its_fields_dependencies_and_custom_fields() {
        Space a = insertSpace(alice, "a");
        Space b = insertSpace(alice, "b");
        Space c = insertSpace(alice, "c").withDependsOn(List.of(a.id(), b.id()));
        spaces.update(c);
        Space changed = c.withDetails("c2", "desc", "icon", List.of("alt"), Shell.SH)
                .withDependsOn(List.of(b.id())).withCustomFields(Map.of("k", "v")).withStack("s")
                .withRuntime(SpaceState.STARTING, "cid", "h");
        spaces.update(changed);
        assertThat(spaces.findById(c.id())).contains(changed);
        assertThatThrownBy(() -> spaces.update(changed.withDetails("a", null, null, List.of(), Shell.SH)))
                .isInstanceOf(ConflictException.class);
        assertThat(spaces.findById(c.id())).contains(changed);
        assertThatThrownBy(() -> spaces.update(space(alice, debian, "ghost"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void spaces_are_listed_by_owner_by_share_and_all_ordered_by_name() {
        Space zed = insertSpace(alice, "zed");
        Space ant = insertSpace(alice, "ant");
        Space bobs = insertSpace(bob, "mid");
        spaces.addShare(bobs.id(), alice.id());
        assertThat(spaces.listOwnedBy(alice.id())).containsExactly(ant, zed);
        assertThat(spaces.listSharedWith(alice.id())).containsExactly(bobs);
        assertThat(spaces.listSharedWith(bob.id())).isEmpty();
        assertThat(spaces.listAll()).containsExactly(ant, bobs, zed);
    }

    @Test
    void sharing_is_idempotent_and_undone_one_by_one_or_all_at_once() {
        Space box = insertSpace(alice, "box");
        User carol = user("carol");
        users.insert(carol);
        spaces.addShare(box.id(), bob.id());
        spaces.addShare(box.id(), bob.id());
        spaces.addShare(box.id(), carol.id());
        assertThat(spaces.sharesOf(box.id())).containsExactlyInAnyOrder(bob.id(), carol.id());
        assertThat(spaces.removeShare(box.id(), bob.id())).isTrue();
        assertThat(spaces.removeShare(box.id(), bob.id())).isFalse();
        assertThat(spaces.sharesOf(box.id())).containsExactly(carol.id());
        spaces.removeAllShares(box.id());
        assertThat(spaces.sharesOf(box.id())).isEmpty();
        assertThatThrownBy(() -> spaces.addShare("missing", bob.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    void dependants_and_dependency_edges_follow_depends_on() {
        Space db = insertSpace(alice, "db");
        Space api = space(alice, debian, "api").withDependsOn(List.of(db.id()));
        Space web = space(alice, debian, "web").withDependsOn(List.of(api.id(), db.id()));
        spaces.insert(api);
        spaces.insert(web);
        insertSpace(bob, "other");
        assertThat(spaces.listDependants(db.id())).containsExactly(api, web);
        assertThat(spaces.listDependants(web.id())).isEmpty();
        assertThat(spaces.dependencyEdges(alice.id())).containsExactly(Map.entry(api.id(), List.of(db.id())),
                Map.entry(db.id(), List.of()), Map.entry(web.id(), List.of(api.id(), db.id())));
    }

    @Test
    void deleting_a_space_removes_its_shares_dependencies_tokens_and_port_forwards() {
        Space db = insertSpace(alice, "db");
        Space web = space(alice, debian, "web").withDependsOn(List.of(db.id()));
        spaces.insert(web);
        Space dbUser = space(alice, debian, "uses-web").withDependsOn(List.of(web.id(), db.id()));
        spaces.insert(dbUser);
        spaces.addShare(web.id(), bob.id());
        ApiToken spaceToken = token(alice, web.id(), T0);
        tokens.insert(spaceToken);
        forwards.upsert(forward(web, 8080, db, 5432));
        forwards.upsert(forward(db, 9000, web, 80));
        forwards.upsert(forward(dbUser, 9001, db, 80));

        assertThat(spaces.delete(web.id())).isTrue();
        assertThat(spaces.delete(web.id())).isFalse();
        assertThat(spaces.findById(web.id())).isEmpty();
        assertThat(spaces.listSharedWith(bob.id())).isEmpty();
        assertThat(spaces.listDependants(db.id())).containsExactly(dbUser.withDependsOn(List.of(db.id())));
        assertThat(tokens.findByHash(spaceToken.tokenHash())).isEmpty();
        assertThat(forwards.listAll()).containsExactly(forward(dbUser, 9001, db, 80));
    }

    @Test
    void transferring_a_space_changes_its_owner_and_clears_shares_and_dependencies() {
        Space db = insertSpace(alice, "db");
        Space web = space(alice, debian, "web").withDependsOn(List.of(db.id()));
        spaces.insert(web);
        Space api = space(alice, debian, "api").withDependsOn(List.of(web.id()));
        spaces.insert(api);
        User carol = user("carol");
        users.insert(carol);
        spaces.addShare(web.id(), carol.id());

        spaces.transfer(web.id(), bob.id());

        assertThat(spaces.findById(web.id())).contains(web.withOwner(bob.id()).withDependsOn(List.of()));
        assertThat(spaces.sharesOf(web.id())).isEmpty();
        assertThat(spaces.listDependants(web.id())).isEmpty();
        assertThat(spaces.findById(api.id()).orElseThrow().dependsOn()).isEmpty();
        assertThat(spaces.listOwnedBy(bob.id())).extracting(Space::name).containsExactly("web");
        assertThatThrownBy(() -> spaces.transfer("missing", bob.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void transferring_to_an_owner_with_a_space_of_the_same_name_is_refused_and_changes_nothing() {
        Space mine = space(alice, debian, "box").withDependsOn(List.of(insertSpace(alice, "db").id()));
        spaces.insert(mine);
        spaces.addShare(mine.id(), bob.id());
        insertSpace(bob, "box");
        assertThatThrownBy(() -> spaces.transfer(mine.id(), bob.id()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("The new owner already has a space with the same name.");
        assertThat(spaces.findById(mine.id())).contains(mine);
        assertThat(spaces.sharesOf(mine.id())).containsExactly(bob.id());
    }

    // ---- scripts

    @Test
    void a_script_round_trips_every_field_and_is_found_by_name() {
        Script full = new Script(Fixtures.id(), "grüße", "Sagt hallo 👋", "#!/bin/sh\necho 'héllo'\n", T0, T0);
        Script sparse = new Script(Fixtures.id(), "empty", null, null, T0, T0);
        scripts.insert(full);
        scripts.insert(sparse);
        assertThat(scripts.findById(full.id())).contains(full);
        assertThat(scripts.findByName("empty")).contains(sparse);
        assertThat(scripts.findByName("missing")).isEmpty();
    }

    @Test
    void scripts_are_unique_by_name_listed_by_name_updated_and_deleted() {
        Script zeta = script("zeta");
        Script alpha = script("alpha");
        scripts.insert(zeta);
        scripts.insert(alpha);
        assertThatThrownBy(() -> scripts.insert(script("zeta")))
                .isInstanceOf(ConflictException.class).hasMessage("A script named 'zeta' already exists.");
        assertThat(scripts.list()).containsExactly(alpha, zeta);
        Script edited = new Script(zeta.id(), "beta", "edited", "echo", zeta.createdAt(), T0.plusSeconds(60));
        scripts.update(edited);
        assertThat(scripts.findById(zeta.id())).contains(edited);
        assertThatThrownBy(() -> scripts.update(new Script(zeta.id(), "alpha", null, null, T0, T0)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> scripts.update(script("ghost"))).isInstanceOf(NotFoundException.class);
        assertThat(scripts.delete(zeta.id())).isTrue();
        assertThat(scripts.delete(zeta.id())).isFalse();
        assertThat(scripts.list()).containsExactly(alpha);
    }

    @Test
    void deleting_a_startup_script_clears_it_from_spaces() {
        Script setup = script("setup");
        scripts.insert(setup);
        Space box = new Space(Fixtures.id(), "box", null, debian.id(), alice.id(), null, null, List.of(), List.of(),
                null, Map.of(), SpaceState.STOPPED, null, null, null, setup.id(), T0, T0);
        spaces.insert(box);
        scripts.delete(setup.id());
        assertThat(spaces.findById(box.id()).orElseThrow().startupScriptId()).isNull();
    }

    // ---- port forwards

    @Test
    void upserting_a_port_forward_replaces_the_route_of_its_local_port() {
        Space source = insertSpace(alice, "source");
        Space db = insertSpace(alice, "db");
        Space cache = insertSpace(alice, "cache");
        forwards.upsert(forward(source, 5432, db, 5432));
        PortForward moved = new PortForward(source.id(), 5432, cache.id(), 6379, true, true);
        forwards.upsert(moved);
        assertThat(forwards.listForSource(source.id())).containsExactly(moved);
        assertThatThrownBy(() -> forwards.upsert(new PortForward(source.id(), 1, "missing", 1, true, false)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void port_forwards_are_listed_by_port_deleted_one_by_one_and_for_a_space() {
        Space source = insertSpace(alice, "source");
        Space target = insertSpace(alice, "target");
        Space other = insertSpace(alice, "other");
        forwards.upsert(forward(source, 9000, target, 80));
        forwards.upsert(forward(source, 3000, target, 81));
        forwards.upsert(forward(other, 4000, target, 82));
        forwards.upsert(forward(other, 4001, source, 83));
        assertThat(forwards.listForSource(source.id())).extracting(PortForward::localPort).containsExactly(3000, 9000);
        assertThat(forwards.listAll()).hasSize(4);
        assertThat(forwards.delete(source.id(), 3000)).isTrue();
        assertThat(forwards.delete(source.id(), 3000)).isFalse();
        forwards.deleteForSpace(source.id());
        assertThat(forwards.listAll()).containsExactly(forward(other, 4000, target, 82));
    }

    // ---- egress overrides

    @Test
    void a_space_egress_override_round_trips_is_replaced_and_goes_with_its_space() {
        Space web = insertSpace(alice, "web");
        Space db = insertSpace(alice, "db");
        SpaceEgressStore egress = new SpaceEgressStore(database.jdbi());
        dev.warren.core.model.EgressPolicy listed = new dev.warren.core.model.EgressPolicy(
                dev.warren.core.model.EgressPolicy.Mode.ALLOW_LIST, List.of("10.1.0.0/16", "2001:db8::/32"),
                List.of("pypi.org"));
        assertThat(egress.find(web.id())).isEmpty();
        egress.put(web.id(), listed, T0);
        egress.put(db.id(), dev.warren.core.model.EgressPolicy.ALLOW_ALL, T0);
        assertThat(egress.find(web.id())).contains(listed);
        egress.put(db.id(), dev.warren.core.model.EgressPolicy.DENY_ALL, T0.plusMillis(1));
        assertThat(egress.findAll()).containsOnly(Map.entry(web.id(), listed),
                Map.entry(db.id(), dev.warren.core.model.EgressPolicy.DENY_ALL));
        assertThatThrownBy(() -> egress.put("missing", listed, T0)).isInstanceOf(ConflictException.class);
        assertThat(spaces.delete(web.id())).isTrue();
        assertThat(egress.find(web.id())).isEmpty();
        assertThat(egress.delete(db.id())).isTrue();
        assertThat(egress.delete(db.id())).isFalse();
        assertThat(egress.findAll()).isEmpty();
    }

    // ---- races

    @Test
    void racing_inserts_of_one_template_name_create_exactly_one() throws Exception {
        int racers = 8;
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int index = 0; index < racers; index++) {
            attempts.add(() -> {
                try {
                    templates.insert(Fixtures.template("contested"));
                    return true;
                } catch (ConflictException expected) {
                    return false;
                }
            });
        }
        int created = 0;
        try (ExecutorService executor = Executors.newFixedThreadPool(racers)) {
            for (Future<Boolean> outcome : executor.invokeAll(attempts)) {
                created += outcome.get() ? 1 : 0;
            }
        }
        assertThat(created).isEqualTo(1);
        assertThat(templates.list()).extracting(Template::name).containsExactly("contested", "debian");
    }
}
