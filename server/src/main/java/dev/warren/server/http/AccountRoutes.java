package dev.warren.server.http;

import dev.warren.client.wire.Auth.CreateTokenRequest;
import dev.warren.client.wire.Auth.CreateUserRequest;
import dev.warren.client.wire.Auth.CreatedToken;
import dev.warren.client.wire.Auth.LoginRequest;
import dev.warren.client.wire.Auth.LoginResponse;
import dev.warren.client.wire.Auth.ServicePassword;
import dev.warren.client.wire.Auth.SetServicePasswordRequest;
import dev.warren.client.wire.Auth.TokenInfo;
import dev.warren.client.wire.Auth.UpdateProfileRequest;
import dev.warren.client.wire.Auth.UpdateUserRequest;
import dev.warren.client.wire.Auth.UserInfo;
import dev.warren.core.model.ApiToken;
import dev.warren.core.model.User;
import dev.warren.server.auth.AuthService;
import dev.warren.server.auth.Caller;
import dev.warren.server.http.Route.Access;
import dev.warren.server.users.UserService;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static dev.warren.server.http.Authenticator.caller;

/** Login and logout, the caller's profile, service password and API tokens, and admin user management. */
final class AccountRoutes {
    private final AuthService auth;
    private final UserService users;
    private final Bodies bodies;
    private final boolean secureCookies;

    AccountRoutes(AuthService auth, UserService users, Bodies bodies, boolean secureCookies) {
        this.auth = auth;
        this.users = users;
        this.bodies = bodies;
        this.secureCookies = secureCookies;
    }

    void addTo(Api api) {
        api.tag("auth")
                .post("/api/auth/login", "Log in; sets the session cookie and returns the CSRF token.",
                        LoginRequest.class, LoginResponse.class, Access.PUBLIC, this::login)
                .post("/api/auth/logout", "End the browser session.", null, null, Access.USER, this::logout)
                .get("/api/auth/me", "Who is calling.", UserInfo.class, Access.USER_OR_SPACE,
                        ctx -> ctx.json(userInfo(caller(ctx).user())));
        api.tag("profile")
                .patch("/api/profile", "Change your own email, shell, time zone or password; a new password ends "
                                + "your other browser sessions (this one stays).",
                        UpdateProfileRequest.class, UserInfo.class, Access.USER, this::updateProfile)
                .get("/api/profile/service-password", "Read your service password (only yours).",
                        ServicePassword.class, Access.USER,
                        ctx -> ctx.json(new ServicePassword(caller(ctx).user().servicePassword())))
                .put("/api/profile/service-password", "Set or regenerate your service password; running spaces "
                                + "receive it on their next start.", SetServicePasswordRequest.class,
                        ServicePassword.class, Access.USER, this::setServicePassword);
        api.tag("tokens")
                .get("/api/tokens", "List your API tokens (secrets are never shown again).", TokenInfo[].class,
                        Access.USER, ctx -> ctx.json(auth.listTokens(caller(ctx).user()).stream()
                                .map(AccountRoutes::tokenInfo).toList()))
                .post("/api/tokens", "Create an API token; the secret is in this answer only.",
                        CreateTokenRequest.class, CreatedToken.class, Access.USER, this::createToken)
                .delete("/api/tokens/{id}", "Revoke one of your tokens.", null, Access.USER, ctx -> {
                    auth.revokeToken(caller(ctx).user(), ctx.pathParam("id"));
                    ctx.status(204);
                });
        api.tag("users")
                .get("/api/users", "List users (admin).", UserInfo[].class, Access.ADMIN,
                        ctx -> ctx.json(users.list().stream().map(AccountRoutes::userInfo).toList()))
                .post("/api/users", "Create a user (admin).", CreateUserRequest.class, UserInfo.class, Access.ADMIN,
                        ctx -> ctx.status(201).json(userInfo(users.create(bodies.read(ctx, CreateUserRequest.class)))))
                .get("/api/users/{user}", "Get a user by id, username or email (admin).", UserInfo.class,
                        Access.ADMIN, ctx -> ctx.json(userInfo(users.get(ctx.pathParam("user")))))
                .patch("/api/users/{user}", "Change a user (admin): email, password, roles, active, shell, zone; "
                                + "a new password ends that user's browser sessions.",
                        UpdateUserRequest.class, UserInfo.class, Access.ADMIN, this::updateUser);
    }

    private void login(Context ctx) {
        LoginRequest request = bodies.read(ctx, LoginRequest.class);
        AuthService.NewSession session = auth.login(request.username(), request.password(), ctx.ip());
        Cookie cookie = new Cookie(Authenticator.SESSION_COOKIE, session.cookieValue());
        cookie.setHttpOnly(true);
        cookie.setSecure(secureCookies);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setMaxAge((int) Duration.between(Instant.now(), session.expiresAt()).toSeconds());
        ctx.cookie(cookie);
        ctx.json(new LoginResponse(userInfo(session.user()), session.csrfToken()));
    }

    private void updateProfile(Context ctx) {
        UpdateProfileRequest request = bodies.read(ctx, UpdateProfileRequest.class);
        Caller caller = caller(ctx);
        User updated = users.updateProfile(caller.user(), request);
        if (request.newPassword() != null) {
            // keep the session this request came with, if it came with one (not with a bearer token)
            auth.endOtherSessions(updated.id(), caller.csrfToken() != null
                    ? ctx.cookie(Authenticator.SESSION_COOKIE) : null);
        }
        ctx.json(userInfo(updated));
    }

    /** An admin's change; a new password ends every browser session of that user. */
    private void updateUser(Context ctx) {
        UpdateUserRequest request = bodies.read(ctx, UpdateUserRequest.class);
        User updated = users.update(ctx.pathParam("user"), request);
        if (request.password() != null) {
            auth.endOtherSessions(updated.id(), caller(ctx).userId().equals(updated.id())
                    && caller(ctx).csrfToken() != null ? ctx.cookie(Authenticator.SESSION_COOKIE) : null);
        }
        ctx.json(userInfo(updated));
    }

    private void logout(Context ctx) {
        auth.logout(ctx.cookie(Authenticator.SESSION_COOKIE));
        ctx.removeCookie(Authenticator.SESSION_COOKIE, "/");
        ctx.status(204);
    }

    private void setServicePassword(Context ctx) {
        SetServicePasswordRequest request = bodies.read(ctx, SetServicePasswordRequest.class);
        User updated = users.setServicePassword(caller(ctx).user(), request.servicePassword());
        ctx.json(new ServicePassword(updated.servicePassword()));
    }

    private void createToken(Context ctx) {
        CreateTokenRequest request = bodies.read(ctx, CreateTokenRequest.class);
        Caller caller = caller(ctx);
        AuthService.NewToken token = auth.createToken(caller.user(), request.name(), request.expiresInDays());
        ctx.status(201).json(new CreatedToken(token.token().id(), token.token().name(), token.secret(),
                token.token().expiresAt()));
    }

    static UserInfo userInfo(User user) {
        return new UserInfo(user.id(), user.username(), user.email(),
                user.roles().stream().map(role -> role.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                user.active(), user.preferredShell().command(), user.timezone(), user.createdAt());
    }

    static TokenInfo tokenInfo(ApiToken token) {
        return new TokenInfo(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.lastUsedAt());
    }
}
