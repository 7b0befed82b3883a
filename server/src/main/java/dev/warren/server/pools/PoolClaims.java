package dev.warren.server.pools;

import dev.warren.core.model.Space;
import dev.warren.core.model.Template;
import dev.warren.server.auth.Caller;
import dev.warren.server.sandboxes.Pooling;
import dev.warren.server.spaces.SpaceIdentities;
import dev.warren.server.spaces.SpaceLifecycleManager;
import dev.warren.server.templates.TemplateService;

import java.util.Optional;

/** Sandbox creates served from the warm pools: claim, adopt (the lifecycle takes the container over), discard. */
public final class PoolClaims implements Pooling {
    private final WarmPools pools;
    private final TemplateService templates;
    private final SpaceLifecycleManager lifecycle;
    private final SpaceIdentities identities;

    public PoolClaims(WarmPools pools, TemplateService templates, SpaceLifecycleManager lifecycle,
            SpaceIdentities identities) {
        this.pools = pools;
        this.templates = templates;
        this.lifecycle = lifecycle;
        this.identities = identities;
    }

    @Override
    public Optional<String> claim(Caller caller, String template) {
        Template found = templates.get(template, caller.isAdmin());
        return pools.claim(found, caller.user());
    }

    @Override
    public Space adopt(Space created, String actor) {
        return lifecycle.adopt(created, actor, identities);
    }

    @Override
    public void discard(String memberId) {
        pools.discard(memberId);
    }
}
