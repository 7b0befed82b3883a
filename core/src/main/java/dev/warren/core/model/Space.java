package dev.warren.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A user's environment created from a template. {@code appliedTemplateHash} is the template hash the space was
 * last started with (null if never started); {@code containerId} is the engine's id while a container exists.
 */
public record Space(
        String id,
        String name,
        String description,
        String templateId,
        String userId,
        Shell shell,
        String iconUrl,
        List<String> altNames,
        List<String> dependsOn,
        String stack,
        Map<String, String> customFields,
        SpaceState state,
        String appliedTemplateHash,
        String containerId,
        String zone,
        String startupScriptId,
        Instant createdAt,
        Instant updatedAt) {

    public Space {
        altNames = List.copyOf(altNames);
        dependsOn = List.copyOf(dependsOn);
        customFields = Map.copyOf(customFields);
    }

    public Space withState(SpaceState newState) {
        return new Space(id, name, description, templateId, userId, shell, iconUrl, altNames, dependsOn, stack,
                customFields, newState, appliedTemplateHash, containerId, zone, startupScriptId, createdAt, updatedAt);
    }

    public Space withRuntime(SpaceState newState, String newContainerId, String newAppliedHash) {
        return new Space(id, name, description, templateId, userId, shell, iconUrl, altNames, dependsOn, stack,
                customFields, newState, newAppliedHash, newContainerId, zone, startupScriptId, createdAt, updatedAt);
    }

    public Space withDetails(String newName, String newDescription, String newIconUrl, List<String> newAltNames,
            Shell newShell) {
        return new Space(id, newName, newDescription, templateId, userId, newShell, newIconUrl, newAltNames, dependsOn,
                stack, customFields, state, appliedTemplateHash, containerId, zone, startupScriptId, createdAt,
                updatedAt);
    }

    public Space withDependsOn(List<String> newDependsOn) {
        return new Space(id, name, description, templateId, userId, shell, iconUrl, altNames, newDependsOn, stack,
                customFields, state, appliedTemplateHash, containerId, zone, startupScriptId, createdAt, updatedAt);
    }

    public Space withStack(String newStack) {
        return new Space(id, name, description, templateId, userId, shell, iconUrl, altNames, dependsOn, newStack,
                customFields, state, appliedTemplateHash, containerId, zone, startupScriptId, createdAt, updatedAt);
    }

    public Space withCustomFields(Map<String, String> newFields) {
        return new Space(id, name, description, templateId, userId, shell, iconUrl, altNames, dependsOn, stack,
                newFields, state, appliedTemplateHash, containerId, zone, startupScriptId, createdAt, updatedAt);
    }

    public Space withUpdatedAt(Instant when) {
        return new Space(id, name, description, templateId, userId, shell, iconUrl, altNames, dependsOn, stack,
                customFields, state, appliedTemplateHash, containerId, zone, startupScriptId, createdAt, when);
    }

    public Space withOwner(String newUserId) {
        return new Space(id, name, description, templateId, newUserId, shell, iconUrl, altNames, dependsOn, stack,
                customFields, state, appliedTemplateHash, containerId, zone, startupScriptId, createdAt, updatedAt);
    }

    public Space withStartupScriptId(String newStartupScriptId) {
        return new Space(id, name, description, templateId, userId, shell, iconUrl, altNames, dependsOn, stack,
                customFields, state, appliedTemplateHash, containerId, zone, newStartupScriptId, createdAt, updatedAt);
    }
}
