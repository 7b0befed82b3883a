package dev.warren.server.network;

import dev.warren.client.wire.Spaces.Egress;
import dev.warren.client.wire.Spaces.SpaceEgress;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.WrongStateException;
import dev.warren.core.model.EgressPolicy;
import dev.warren.core.model.Space;
import dev.warren.core.model.SpaceState;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.rules.EgressNarrowing;
import dev.warren.core.spec.EgressSpecs;
import dev.warren.core.spec.SpecException;
import dev.warren.runtime.SpaceRuntime;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.server.spaces.SpaceLocks;
import dev.warren.server.spaces.SpaceSpecs;
import dev.warren.store.SpaceEgressStore;
import dev.warren.store.SpaceStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where spaces may connect outside warren. A space's policy is its template's ({@code egress} key), narrowed by the
 * override its owner (or an admin) may set; the override may never widen it. Changes reach a running space at once
 * (under the space's lifecycle lock, so a start in progress either sees the change or is followed by it).
 * {@link #applyRunning()} puts every running space's policy in force again: at server start (rules of spaces that
 * kept running), and periodically (domains resolved again; template changes; the runtime rewrites only what
 * changed). Blocking; thread-safe.
 */
public final class EgressService {
    private static final Logger LOG = LoggerFactory.getLogger(EgressService.class);

    private final SpaceStore spaces;
    private final TemplateStore templates;
    private final UserStore users;
    private final SpaceEgressStore overrides;
    private final SpaceSpecs specs;
    private final SpaceAccess access;
    private final SpaceLocks locks;
    private final SpaceRuntime runtime;
    private final Clock clock;

    public EgressService(SpaceStore spaces, TemplateStore templates, UserStore users, SpaceEgressStore overrides,
            SpaceSpecs specs, SpaceAccess access, SpaceLocks locks, SpaceRuntime runtime, Clock clock) {
        this.spaces = spaces;
        this.templates = templates;
        this.users = users;
        this.overrides = overrides;
        this.specs = specs;
        this.access = access;
        this.locks = locks;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** The space's egress: in force, the template's, the override. Anyone who can see the space may read it. */
    public SpaceEgress get(Caller caller, String spaceRef) {
        Space space = access.visible(caller, spaceRef);
        return view(templatePolicy(space), overrides.find(space.id()).orElse(null));
    }

    /**
     * Sets the space's own policy (owner or admin: 403 for users it is shared with, 404 for others). Refused with 400
     * when malformed or when it allows anything the template does not. A refusal changes nothing.
     */
    public SpaceEgress set(Caller caller, String spaceRef, Egress wanted) {
        Space space = access.managed(caller, spaceRef, "change the egress policy of");
        EgressPolicy override = parse(wanted);
        return locks.with(space.id(), () -> {
            Space current = reload(space.id());
            EgressPolicy template = templatePolicy(current);
            Optional<String> widening = EgressNarrowing.widening(template, override);
            if (widening.isPresent()) {
                throw ValidationException.of("allow", "A space's egress policy may only narrow its template's ("
                        + describe(template) + "), and this one allows " + widening.get() + ".");
            }
            Optional<EgressPolicy> before = overrides.find(current.id());
            overrides.put(current.id(), override, clock.instant());
            enforceOrRestore(current, template, override, before);
            return view(template, override);
        });
    }

    /** Drops the space's own policy, so its template's applies again (owner or admin). */
    public SpaceEgress reset(Caller caller, String spaceRef) {
        Space space = access.managed(caller, spaceRef, "change the egress policy of");
        return locks.with(space.id(), () -> {
            Space current = reload(space.id());
            EgressPolicy template = templatePolicy(current);
            Optional<EgressPolicy> before = overrides.find(current.id());
            if (before.isPresent()) {
                overrides.delete(current.id());
                enforceOrRestore(current, template, null, before);
            }
            return view(template, null);
        });
    }

    /**
     * Puts the policy of every running space in force again. Spaces busy with a lifecycle change are skipped (their
     * start writes their rules). Never throws: failures are logged and the next call retries.
     */
    public void applyRunning() {
        for (Space space : spaces.listAll()) {
            if (!inNamespace(space) || locks.isBusy(space.id())) {
                continue;
            }
            try {
                locks.with(space.id(), () -> {
                    Space current = reload(space.id());
                    if (inNamespace(current)) {
                        runtime.applyEgress(current.id(), EgressNarrowing.effective(templatePolicy(current),
                                overrides.find(current.id()).orElse(null)));
                    }
                    return null;
                });
            } catch (RuntimeException failed) {
                LOG.warn("Could not put the egress policy of space {} in force: {}", space.name(),
                        failed.getMessage());
            }
        }
    }

    /** Writes the new policy into a running space; if that fails, the old override comes back and the error goes on. */
    private void enforceOrRestore(Space space, EgressPolicy template, EgressPolicy override,
            Optional<EgressPolicy> before) {
        if (!inNamespace(space)) {
            return;
        }
        try {
            runtime.applyEgress(space.id(), EgressNarrowing.effective(template, override));
        } catch (RuntimeException failed) {
            before.ifPresentOrElse(old -> overrides.put(space.id(), old, clock.instant()),
                    () -> overrides.delete(space.id()));
            throw failed;
        }
    }

    private EgressPolicy templatePolicy(Space space) {
        Template template = templates.findById(space.templateId()).orElseThrow(() ->
                new WrongStateException("Space '" + space.name() + "' has no template any more."));
        User owner = users.findById(space.userId()).orElseThrow(() ->
                new NotFoundException("The owner of space '" + space.name() + "' no longer exists."));
        return specs.templateEgress(space, template, owner);
    }

    private Space reload(String spaceId) {
        return spaces.findById(spaceId).orElseThrow(() -> NotFoundException.space(spaceId));
    }

    private static EgressPolicy parse(Egress wanted) {
        if (wanted == null) {
            throw ValidationException.of("mode", "The mode is required: allow_all, deny_all or allow_list.");
        }
        if (wanted.allow() != null && wanted.allow().stream().anyMatch(entry -> entry == null)) {
            throw ValidationException.of("allow", "The allow list cannot hold null entries.");
        }
        try {
            return EgressSpecs.of(wanted.mode(), wanted.allow());
        } catch (SpecException invalid) {
            String field = wanted.mode() == null || invalid.getMessage().startsWith("The mode must") ? "mode"
                    : "allow";
            throw ValidationException.of(field, invalid.getMessage());
        }
    }

    private static SpaceEgress view(EgressPolicy template, EgressPolicy override) {
        return new SpaceEgress(wire(EgressNarrowing.effective(template, override)), wire(template),
                override == null ? null : wire(override));
    }

    /** The wire form: the mode in lower case, the ranges then the domains. */
    public static Egress wire(EgressPolicy policy) {
        List<String> allow = new ArrayList<>(policy.cidrs());
        allow.addAll(policy.domains());
        return new Egress(policy.mode().name().toLowerCase(Locale.ROOT), allow);
    }

    private static String describe(EgressPolicy policy) {
        return switch (policy.mode()) {
            case ALLOW_ALL -> "allow_all";
            case DENY_ALL -> "deny_all";
            case ALLOW_LIST -> {
                List<String> allow = wire(policy).allow();
                yield "allow_list " + String.join(", ", allow.subList(0, Math.min(5, allow.size())))
                        + (allow.size() > 5 ? " and " + (allow.size() - 5) + " more" : "");
            }
        };
    }

    /** Running or paused: its network namespace exists (rules are written from outside, so frozen processes do not matter). */
    private static boolean inNamespace(Space space) {
        return space.state() == SpaceState.RUNNING || space.state() == SpaceState.PAUSED;
    }
}
