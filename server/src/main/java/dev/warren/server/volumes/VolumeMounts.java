package dev.warren.server.volumes;

import dev.warren.client.wire.Volumes.VolumeMountSpec;
import dev.warren.core.FieldError;
import dev.warren.core.ValidationException;
import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.core.model.Volume;
import dev.warren.core.model.VolumeMount;
import dev.warren.runtime.SharedMount;
import dev.warren.server.spaces.SpaceSpecs;
import dev.warren.store.SpaceStore;
import dev.warren.store.VolumeMountStore;
import dev.warren.store.VolumeStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The volumes a space mounts: checked in full when the space is created (before anything is written), stored right
 * after its row, and handed to the runtime at every start. A space mounts volumes of its owner only. Refusals name the
 * entry ({@code volumes[1].mount_path}). Thread-safe.
 */
public final class VolumeMounts {
    /** The most volumes one space mounts. */
    public static final int MAX_MOUNTS = 16;
    /** Paths a volume may not cover: warren's own mounts inside spaces, and the kernel's file systems. */
    private static final List<String> RESERVED = List.of("/.warren", "/opt/warren", "/proc", "/sys", "/dev");
    private static final int MAX_PATH = 1024;

    private final VolumeStore volumes;
    private final VolumeMountStore mounts;
    private final SpaceStore spaces;
    private final SpaceSpecs specs;

    public VolumeMounts(VolumeStore volumes, VolumeMountStore mounts, SpaceStore spaces, SpaceSpecs specs) {
        this.volumes = volumes;
        this.mounts = mounts;
        this.spaces = spaces;
        this.specs = specs;
    }

    /** Mounts checked for a space about to be created; {@link #store()} once its row exists. */
    public final class Checked {
        private final Space space;
        private final List<VolumeMount> checked;

        private Checked(Space space, List<VolumeMount> checked) {
            this.space = space;
            this.checked = List.copyOf(checked);
        }

        public List<VolumeMount> mounts() {
            return checked;
        }

        /**
         * Stores the mounts; when that fails (a volume was deleted meanwhile) the space's row is removed again, so
         * the create fails whole.
         */
        public void store() {
            try {
                mounts.insertAll(space.id(), checked);
            } catch (RuntimeException failed) {
                spaces.delete(space.id());
                throw failed;
            }
        }
    }

    /**
     * Checks every requested mount of the new {@code space} (not yet stored) of {@code owner}.
     *
     * @throws ValidationException naming every refused entry
     */
    public Checked check(Space space, Template template, User owner, List<VolumeMountSpec> requested) {
        if (requested == null || requested.isEmpty()) {
            return new Checked(space, List.of());
        }
        if (requested.size() > MAX_MOUNTS) {
            throw ValidationException.of("volumes", "A space mounts at most " + MAX_MOUNTS + " volumes; "
                    + requested.size() + " were given.");
        }
        List<FieldError> errors = new ArrayList<>();
        Collection<String> templatePaths = specs.templateVolumePaths(space, template, owner);
        List<VolumeMount> checked = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String field = "volumes[" + i + "]";
            VolumeMountSpec entry = requested.get(i);
            if (entry == null) {
                errors.add(new FieldError(field, "The entry '" + field + "' is empty; give ref and mount_path."));
                continue;
            }
            Optional<Volume> volume = volume(owner, entry.ref(), field + ".ref", errors);
            String mountPath = mountPath(entry.mountPath(), field + ".mount_path", errors);
            String subpath = subpath(entry.subpath(), field + ".subpath", errors);
            if (mountPath != null) {
                clash(mountPath, paths, templatePaths, field + ".mount_path", errors);
                paths.add(mountPath);
            }
            if (volume.isPresent() && mountPath != null && subpath != null) {
                checked.add(new VolumeMount(volume.get().id(), mountPath, subpath,
                        Boolean.TRUE.equals(entry.readOnly())));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new Checked(space, checked);
    }

    /**
     * The user volumes a space (by id) mounts, as the runtime starts them (the runtime names a volume by its id).
     * Static: the space specs need it before this class can be made.
     */
    public static Function<String, List<SharedMount>> sharedMounts(VolumeMountStore mounts) {
        return spaceId -> mounts.listForSpace(spaceId).stream()
                .map(mount -> new SharedMount(mount.volumeId(), mount.mountPath(), mount.subpath(), mount.readOnly()))
                .toList();
    }

    private Optional<Volume> volume(User owner, String ref, String field, List<FieldError> errors) {
        if (ref == null || ref.isBlank()) {
            errors.add(new FieldError(field, "The field '" + field + "' is required: a volume's name or id."));
            return Optional.empty();
        }
        Optional<Volume> found = volumes.findByOwnerAndName(owner.id(), ref)
                .or(() -> volumes.findById(ref).filter(volume -> volume.ownerId().equals(owner.id())));
        if (found.isEmpty()) {
            errors.add(new FieldError(field, "No volume '" + ref + "' exists for " + owner.username() + "."));
        }
        return found;
    }

    /** The normalised mount path, or null (with an error) when refused. */
    private static String mountPath(String path, String field, List<FieldError> errors) {
        if (path == null || path.isBlank()) {
            errors.add(new FieldError(field, "The field '" + field + "' is required: an absolute path in the space."));
            return null;
        }
        if (!path.startsWith("/") || path.indexOf('\0') >= 0 || path.length() > MAX_PATH) {
            errors.add(new FieldError(field, "The field '" + field + "' must be an absolute path of at most "
                    + MAX_PATH + " characters, such as /data."));
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                errors.add(new FieldError(field, "The field '" + field + "' must not contain '.' or '..'."));
                return null;
            }
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        String clean = "/" + String.join("/", parts);
        if (clean.equals("/")) {
            errors.add(new FieldError(field, "A volume cannot be mounted at '/': it would hide the whole space."));
            return null;
        }
        for (String reserved : RESERVED) {
            if (within(clean, reserved)) {
                errors.add(new FieldError(field, "The path '" + clean + "' is reserved (" + reserved + " is warren's"
                        + " or the kernel's); mount the volume elsewhere."));
                return null;
            }
        }
        return clean;
    }

    /** The normalised subpath ({@code ""} for the root), or null (with an error) when refused. */
    private static String subpath(String subpath, String field, List<FieldError> errors) {
        if (subpath == null || subpath.isBlank()) {
            return "";
        }
        if (subpath.startsWith("/") || subpath.indexOf('\0') >= 0 || subpath.length() > MAX_PATH) {
            errors.add(new FieldError(field, "The field '" + field + "' must be a relative path inside the volume,"
                    + " such as 'projects/web'."));
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String part : subpath.split("/")) {
            if (part.equals("..")) {
                errors.add(new FieldError(field, "The field '" + field + "' must not contain '..': a subpath stays"
                        + " inside its volume."));
                return null;
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static void clash(String path, List<String> others, Collection<String> templatePaths, String field,
            List<FieldError> errors) {
        for (String other : others) {
            if (within(path, other) || within(other, path)) {
                errors.add(new FieldError(field, "The path '" + path + "' clashes with another volume mounted at '"
                        + other + "'; mounts may not be at or under each other."));
                return;
            }
        }
        for (String templatePath : templatePaths) {
            if (within(path, templatePath) || within(templatePath, path)) {
                errors.add(new FieldError(field, "The path '" + path + "' clashes with the template's volume at '"
                        + templatePath + "'."));
                return;
            }
        }
    }

    /** Whether {@code path} is {@code base} or under it (both normalised, absolute). */
    private static boolean within(String path, String base) {
        String cleanBase = base.endsWith("/") && base.length() > 1 ? base.substring(0, base.length() - 1) : base;
        return path.equals(cleanBase) || path.startsWith(cleanBase + "/");
    }
}
