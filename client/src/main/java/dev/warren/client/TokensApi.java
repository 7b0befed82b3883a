package dev.warren.client;

import dev.warren.client.wire.Auth.CreateTokenRequest;
import dev.warren.client.wire.Auth.CreatedToken;
import dev.warren.client.wire.Auth.TokenInfo;

import java.util.List;

/**
 * The caller's API tokens (not available to space tokens). Obtained from {@link Warren#tokens()}. Blocking,
 * immutable, thread-safe.
 */
public final class TokensApi {
    private final Transport transport;

    TokensApi(Transport transport) {
        this.transport = transport;
    }

    /** The caller's tokens, without their secrets. */
    public List<TokenInfo> list() {
        return transport.list("/api/tokens", TokenInfo.class);
    }

    /**
     * @param name          a name to recognise the token by
     * @param expiresInDays days until it expires; null for never
     * @return the token; {@link CreatedToken#token()} is the secret, shown only here
     */
    public CreatedToken create(String name, Integer expiresInDays) {
        return transport.call("POST", "/api/tokens", new CreateTokenRequest(name, expiresInDays), CreatedToken.class);
    }

    /**
     * Revokes one of the caller's tokens; requests with it then fail with 401.
     *
     * @param id the token's id (from {@link #list()})
     */
    public void revoke(String id) {
        transport.call("DELETE", "/api/tokens/" + Transport.segment(id), null, Void.class);
    }
}
