package dev.warren.server.forward;

import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.server.auth.Caller;
import dev.warren.server.spaces.SpaceAccess;
import dev.warren.store.SpaceStore;

import java.util.Optional;

/**
 * Who may forward from where to where. The source is a space the caller can see (a space token: only its own
 * space). The target is looked up among the source owner's spaces first; a space token may reach only its owner's
 * spaces, and anything it may not see is reported as missing (404). Source and target must have the same owner
 * and the same zone (400 on the {@code space} field). A space's forwards are its owner's: users it is shared with
 * may list them but not add, stop or replace any (403); the owner, admins and the space's own token may. Stateless;
 * reads the store.
 */
final class ForwardTargets {
    private final SpaceStore spaces;
    private final SpaceAccess access;

    ForwardTargets(SpaceStore spaces, SpaceAccess access) {
        this.spaces = spaces;
        this.access = access;
    }

    Space source(Caller caller, String nameOrId) {
        return access.visible(caller, nameOrId);
    }

    /** A source whose forwards the caller may change ({@code action}: "add", "stop", "replace"). */
    Space managedSource(Caller caller, String nameOrId, String action) {
        Space source = source(caller, nameOrId);
        if (!caller.isSpaceToken() && !access.canManage(caller, source)) {
            throw new ForbiddenException("Only the owner of space '" + source.name() + "' or an admin may " + action
                    + " its port forwards; it is shared with you, so you may list them only.");
        }
        return source;
    }

    Space target(Caller caller, Space source, String nameOrId) {
        Optional<Space> candidate = spaces.findById(nameOrId)
                .or(() -> spaces.findByOwnerAndName(source.userId(), nameOrId))
                .filter(space -> mayReach(caller, space));
        Space target = candidate.orElseGet(() -> {
            if (caller.isSpaceToken()) {
                throw NotFoundException.space(nameOrId);
            }
            return access.visible(caller, nameOrId);
        });
        if (!target.userId().equals(source.userId())) {
            throw ValidationException.of("space", "Space '" + target.name() + "' belongs to another user; forwards "
                    + "connect spaces of the same owner only.");
        }
        if (!sameZone(source, target)) {
            throw ValidationException.of("space", "Space '" + target.name() + "' is in zone '" + target.zone()
                    + "' and space '" + source.name() + "' in zone '" + source.zone()
                    + "'; forwards connect spaces of the same zone only.");
        }
        return target;
    }

    private boolean mayReach(Caller caller, Space space) {
        return caller.isSpaceToken() ? space.userId().equals(caller.userId()) : access.canSee(caller, space);
    }

    private static boolean sameZone(Space source, Space target) {
        return String.valueOf(source.zone()).equals(String.valueOf(target.zone()));
    }
}
