package dev.warren.server.auth;

import dev.warren.core.NotFoundException;
import dev.warren.core.UnauthenticatedException;
import dev.warren.core.model.ApiToken;
import dev.warren.core.model.User;
import dev.warren.core.model.WebSession;
import dev.warren.core.rules.Validator;
import dev.warren.store.SessionStore;
import dev.warren.store.TokenStore;
import dev.warren.store.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Logins, browser sessions and bearer tokens. Secrets are returned once and stored only as hashes.
 * Thread-safe.
 */
public final class AuthService {
    /** A browser session: the cookie value (secret) and the CSRF token the page must echo. */
    public record NewSession(String cookieValue, String csrfToken, User user, Instant expiresAt) {}

    /** A freshly created token: the only time the secret is visible. */
    public record NewToken(ApiToken token, String secret) {}

    private final UserStore users;
    private final TokenStore tokens;
    private final SessionStore sessions;
    private final PasswordHasher hasher;
    private final Secrets secrets;
    private final LoginRateLimiter limiter;
    private final Clock clock;
    private final Duration sessionLifetime;

    public AuthService(UserStore users, TokenStore tokens, SessionStore sessions, PasswordHasher hasher,
            Secrets secrets, LoginRateLimiter limiter, Clock clock, Duration sessionLifetime) {
        this.users = users;
        this.tokens = tokens;
        this.sessions = sessions;
        this.hasher = hasher;
        this.secrets = secrets;
        this.limiter = limiter;
        this.clock = clock;
        this.sessionLifetime = sessionLifetime;
    }

    /**
     * Checks a username (or email) and password and opens a session. Failures are counted per client address and
     * username; the same message is given, after the same bcrypt work, whether the user is unknown, disabled or
     * the password wrong, so neither the answer nor its timing tells which usernames exist.
     */
    public NewSession login(String login, String password, String clientAddress) {
        new Validator().required("username", login).required("password", password).throwIfInvalid();
        String key = clientAddress + "|" + login.toLowerCase();
        if (limiter.isBlocked(key)) {
            throw new TooManyRequestsException("Too many failed logins; wait a minute and try again.");
        }
        Optional<User> user = users.findByUsername(login).or(() -> users.findByEmail(login));
        boolean matches = hasher.matchesOrDummy(password, user.map(User::passwordHash).orElse(null));
        boolean ok = user.isPresent() && user.get().active() && matches;
        if (!ok) {
            limiter.recordFailure(key);
            throw new UnauthenticatedException("The username or password is wrong, or the account is disabled.");
        }
        limiter.recordSuccess(key);
        String cookie = secrets.token("", 32);
        String csrf = secrets.token("", 24);
        Instant now = clock.instant();
        Instant expires = now.plus(sessionLifetime);
        sessions.insert(new WebSession(Secrets.sha256(cookie), user.get().id(), csrf, expires, now));
        return new NewSession(cookie, csrf, user.get(), expires);
    }

    /**
     * Ends every browser session of the user except the one with {@code keepCookieValue} (null: ends them all).
     * Called when a password changes, so a session opened with the old password does not outlive it.
     */
    public void endOtherSessions(String userId, String keepCookieValue) {
        if (keepCookieValue == null || keepCookieValue.isBlank()) {
            sessions.deleteForUser(userId);
        } else {
            sessions.deleteForUserExcept(userId, Secrets.sha256(keepCookieValue));
        }
    }

    public void logout(String cookieValue) {
        if (cookieValue != null) {
            sessions.delete(Secrets.sha256(cookieValue));
        }
    }

    /** The caller behind a session cookie, if the session is live and its user active. */
    public Optional<Caller> fromSession(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return sessions.findByHash(Secrets.sha256(cookieValue))
                .filter(session -> session.expiresAt().isAfter(now))
                .flatMap(session -> users.findById(session.userId())
                        .filter(User::active)
                        .map(user -> new Caller(user, null, session.csrfToken())));
    }

    /** The caller behind a bearer token (user token or space token), if valid, unexpired and its user active. */
    public Optional<Caller> fromBearer(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> token = tokens.findByHash(Secrets.sha256(secret)).filter(t -> !t.isExpired(now));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<User> user = users.findById(token.get().userId()).filter(User::active);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (token.get().lastUsedAt() == null || token.get().lastUsedAt().isBefore(now.minusSeconds(60))) {
            tokens.touch(token.get().id(), now); // at most once a minute: a hot token must not write on every call
        }
        return Optional.of(new Caller(user.get(), token.get().spaceId(), null));
    }

    /** Creates a user API token; {@code expiresInDays} null means it never expires. */
    public NewToken createToken(User user, String name, Integer expiresInDays) {
        new Validator().required("name", name).line("name", name, 100)
                .check(expiresInDays == null || (expiresInDays >= 1 && expiresInDays <= 3650), "expires_in_days",
                        "The field 'expires_in_days' must be between 1 and 3650.")
                .throwIfInvalid();
        Instant now = clock.instant();
        String secret = secrets.token("wrn_", 32);
        Instant expires = expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays));
        ApiToken token = new ApiToken(secrets.id(), user.id(), name.strip(), Secrets.sha256(secret), null, expires,
                now, null);
        tokens.insert(token);
        return new NewToken(token, secret);
    }

    /**
     * Creates the token a space receives at start: it identifies the space from inside. Earlier tokens of the
     * space are revoked, so a stopped space's token stops working at its next start.
     */
    public String createSpaceToken(String userId, String spaceId) {
        tokens.deleteForSpace(spaceId);
        Instant now = clock.instant();
        String secret = secrets.token("wrs_", 32);
        tokens.insert(new ApiToken(secrets.id(), userId, "space " + spaceId, Secrets.sha256(secret), spaceId, null,
                now, null));
        return secret;
    }

    public void revokeSpaceTokens(String spaceId) {
        tokens.deleteForSpace(spaceId);
    }

    public List<ApiToken> listTokens(User user) {
        return tokens.listForUser(user.id());
    }

    public void revokeToken(User user, String tokenId) {
        if (!tokens.delete(tokenId, user.id())) {
            throw new NotFoundException("No token with id '" + tokenId + "' was found.");
        }
    }
}
