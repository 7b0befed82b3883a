package dev.warren.server.spaces;

import dev.warren.core.ForbiddenException;
import dev.warren.core.NotFoundException;
import dev.warren.core.model.Space;
import dev.warren.server.auth.Caller;
import dev.warren.store.SpaceStore;

import java.util.List;
import java.util.Optional;

/**
 * Finds spaces the caller may see and checks what they may do. Owners do everything; users a space is shared with
 * may use it (start, stop, run, files) but not manage it; admins manage all; a space token sees only its space.
 * A space the caller may not see is reported exactly like a missing one.
 */
public final class SpaceAccess {
    private final SpaceStore spaces;

    public SpaceAccess(SpaceStore spaces) {
        this.spaces = spaces;
    }

    /** A space the caller can see, by id or name (own names first, then shared, then any for admins). */
    public Space visible(Caller caller, String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            throw NotFoundException.space("");
        }
        if (caller.isSpaceToken()) {
            return spaces.findById(caller.spaceId())
                    .filter(space -> space.id().equals(nameOrId) || space.name().equals(nameOrId))
                    .orElseThrow(() -> NotFoundException.space(nameOrId));
        }
        Optional<Space> byId = spaces.findById(nameOrId).filter(space -> canSee(caller, space));
        if (byId.isPresent()) {
            return byId.get();
        }
        return spaces.findByOwnerAndName(caller.userId(), nameOrId)
                .or(() -> spaces.listSharedWith(caller.userId()).stream()
                        .filter(space -> space.name().equals(nameOrId)).findFirst())
                .or(() -> caller.isAdmin()
                        ? spaces.listAll().stream().filter(space -> space.name().equals(nameOrId)).findFirst()
                        : Optional.empty())
                .orElseThrow(() -> NotFoundException.space(nameOrId));
    }

    /** A space the caller may manage (owner or admin): delete, transfer, share, edit. */
    public Space managed(Caller caller, String nameOrId, String action) {
        Space space = visible(caller, nameOrId);
        if (!canManage(caller, space)) {
            throw new ForbiddenException("Only the owner of space '" + space.name() + "' or an admin may "
                    + action + " it.");
        }
        return space;
    }

    public boolean canSee(Caller caller, Space space) {
        if (caller.isSpaceToken()) {
            return space.id().equals(caller.spaceId());
        }
        return caller.isAdmin() || space.userId().equals(caller.userId())
                || spaces.sharesOf(space.id()).contains(caller.userId());
    }

    public boolean canManage(Caller caller, Space space) {
        return !caller.isSpaceToken() && (caller.isAdmin() || space.userId().equals(caller.userId()));
    }

    /** Every user's spaces, for admins only; a space token never gets them, whoever owns its space. */
    public List<Space> listAll(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only admins may list every user's spaces.");
        }
        return spaces.listAll();
    }

    /** The caller's own spaces and those shared with them; a space token sees its own space only. */
    public List<Space> list(Caller caller) {
        if (caller.isSpaceToken()) {
            return spaces.findById(caller.spaceId()).stream().toList();
        }
        return java.util.stream.Stream.concat(spaces.listOwnedBy(caller.userId()).stream(),
                spaces.listSharedWith(caller.userId()).stream()).toList();
    }
}
