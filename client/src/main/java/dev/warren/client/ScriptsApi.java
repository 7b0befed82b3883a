package dev.warren.client;

import dev.warren.client.wire.Scripts.ScriptInfo;
import dev.warren.client.wire.Scripts.ScriptRequest;

import java.util.List;

/**
 * Scripts stored on the server and run in spaces by name ({@link Warren#runScript}). Obtained from
 * {@link Warren#scripts()}. Blocking, immutable, thread-safe.
 */
public final class ScriptsApi {
    private final Transport transport;

    ScriptsApi(Transport transport) {
        this.transport = transport;
    }

    /** The caller's scripts. */
    public List<ScriptInfo> list() {
        return transport.list("/api/scripts", ScriptInfo.class);
    }

    /**
     * @param script name or id
     * @return the script with its content
     */
    public ScriptInfo get(String script) {
        return transport.call("GET", "/api/scripts/" + Transport.segment(script), null, ScriptInfo.class);
    }

    /**
     * @param request name, description and content
     * @return the new script
     * @throws WarrenException.Conflict when the name is taken
     */
    public ScriptInfo create(ScriptRequest request) {
        return transport.call("POST", "/api/scripts", request, ScriptInfo.class);
    }

    /**
     * Replaces a script.
     *
     * @param script  name or id
     * @param request the full new script
     * @return the script after the change
     */
    public ScriptInfo update(String script, ScriptRequest request) {
        return transport.call("PUT", "/api/scripts/" + Transport.segment(script), request, ScriptInfo.class);
    }

    /**
     * @param script name or id
     */
    public void delete(String script) {
        transport.call("DELETE", "/api/scripts/" + Transport.segment(script), null, Void.class);
    }
}
