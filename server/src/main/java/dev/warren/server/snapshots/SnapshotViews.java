package dev.warren.server.snapshots;

import dev.warren.client.wire.Snapshots.SnapshotInfo;
import dev.warren.core.model.Snapshot;
import dev.warren.core.model.Template;
import dev.warren.core.model.User;
import dev.warren.store.SnapshotStore;
import dev.warren.store.TemplateStore;
import dev.warren.store.UserStore;

import java.util.Locale;

/** Snapshots as the API shows them. Reads the store only. */
public final class SnapshotViews {
    private final SnapshotStore snapshots;
    private final TemplateStore templates;
    private final UserStore users;

    public SnapshotViews(SnapshotStore snapshots, TemplateStore templates, UserStore users) {
        this.snapshots = snapshots;
        this.templates = templates;
        this.users = users;
    }

    public SnapshotInfo info(Snapshot snapshot) {
        return new SnapshotInfo(snapshot.id(), snapshot.name(), snapshot.ownerId(),
                users.findById(snapshot.ownerId()).map(User::username).orElse(""), snapshot.sourceSpaceId(),
                snapshot.templateId(), templates.findById(snapshot.templateId()).map(Template::name).orElse(""),
                snapshot.state().name().toLowerCase(Locale.ROOT), snapshot.createdAt().toString(),
                snapshots.sandboxesMadeFrom(snapshot.id()));
    }
}
