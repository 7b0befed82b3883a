package dev.warren.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.server.auth.Caller;
import dev.warren.server.http.Authenticator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the UI's pages. Each page is a fragment under {@code /web/pages} placed into {@code layout.html} with the
 * caller (as JSON) and the session's CSRF token in meta tags, so scripts can call the API at once. A request without
 * a session is sent to the login page; the Users page answers 404 to non-admins, like the API. Thread-safe.
 */
final class Pages {
    /** One page: where it lives, its fragment, its title, its scripts, and who may see it. */
    record Page(String path, String fragment, String title, List<String> scripts, Access access) {}

    enum Access { PUBLIC, USER, ADMIN }

    static final List<Page> PAGES = List.of(
            new Page("/login", "login", "Log in", List.of("login.js"), Access.PUBLIC),
            new Page("/spaces", "spaces", "Spaces", List.of("spaces.js"), Access.USER),
            new Page("/spaces/new", "create-space", "Create Space", List.of("create-space.js"), Access.USER),
            // After /spaces/new: the first matching route serves a request, so "new" stays the form.
            new Page("/spaces/{space}", "space", "Space", List.of("files.js", "space.js"), Access.USER),
            new Page("/snapshots", "snapshots", "Snapshots", List.of("snapshots.js"), Access.USER),
            new Page("/volumes", "volumes", "Volumes", List.of("files.js", "volumes.js"), Access.USER),
            new Page("/templates", "templates", "Templates", List.of("templates.js"), Access.USER),
            new Page("/profile", "profile", "Profile", List.of("profile.js"), Access.USER),
            new Page("/users", "users", "Users", List.of("users.js"), Access.ADMIN),
            new Page("/terminal/{space}", "terminal", "Terminal", List.of("/vendor/@xterm/xterm/lib/xterm.js",
                    "/vendor/@xterm/addon-fit/lib/addon-fit.js", "terminal.js"), Access.USER));

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-eval'; "
                    + "style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; connect-src 'self'; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-store");

    /** The navigation's sections, in order; Users is for admins only. */
    private static final List<String[]> SECTIONS = List.of(new String[] {"/spaces", "Spaces"},
            new String[] {"/templates", "Templates"}, new String[] {"/snapshots", "Snapshots"},
            new String[] {"/volumes", "Volumes"}, new String[] {"/profile", "Profile"}, new String[] {"/users", "Users"});

    private static final Page ERROR_PAGE = new Page("", "error", "", List.of(), Access.PUBLIC);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final String layout;
    private final Map<String, String> fragments = new LinkedHashMap<>();

    Pages(Authenticator authenticator, ObjectMapper mapper) {
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.layout = resource("layout");
        // The file browser's markup is shared by the space and volume pages: placed where a page asks for it.
        String files = resource("files");
        PAGES.forEach(page -> fragments.put(page.fragment(), resource(page.fragment())
                .replace("<!-- include: files -->", files)));
        fragments.put(ERROR_PAGE.fragment(), resource(ERROR_PAGE.fragment()));
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect(caller(ctx).isPresent() ? "/spaces" : "/login"));
        for (Page page : PAGES) {
            routes.get(page.path(), ctx -> serve(ctx, page));
        }
        routes.get("/favicon.ico", ctx -> ctx.redirect("/static/favicon.svg"));
        // Browsers asking for a page that is not there (or not theirs) get a page with navigation; API answers
        // (JSON, asked for by scripts) and the terminal socket keep their own bodies.
        for (int status : new int[] {403, 404}) {
            routes.error(status, "html", ctx -> {
                if (!ctx.path().startsWith("/api/") && !ctx.path().startsWith("/ws/")) {
                    error(ctx, status);
                }
            });
        }
    }

    private void serve(Context ctx, Page page) {
        SECURITY_HEADERS.forEach(ctx::header);
        Optional<Caller> caller = caller(ctx);
        if (page.access() == Access.PUBLIC) {
            if (caller.isPresent() && !caller.get().isSpaceToken()) {
                ctx.redirect("/spaces");
                return;
            }
            ctx.html(render(page, null));
            return;
        }
        if (caller.isEmpty() || caller.get().isSpaceToken()) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        if (page.access() == Access.ADMIN && !caller.get().isAdmin()) {
            error(ctx, 404); // like the API: a page that is not yours is not there
            return;
        }
        ctx.html(render(page, caller.get()));
    }

    private Optional<Caller> caller(Context ctx) {
        try {
            return authenticator.resolve(ctx);
        } catch (RuntimeException invalidCredentials) {
            return Optional.empty(); // a stale or bad bearer header: treat the browser as logged out
        }
    }

    /** A styled error page (404 or 403) with the navigation when the browser has a session. */
    private void error(Context ctx, int status) {
        SECURITY_HEADERS.forEach(ctx::header);
        Caller caller = caller(ctx).filter(found -> !found.isSpaceToken()).orElse(null);
        boolean forbidden = status == 403;
        String title = forbidden ? "Not allowed" : "Page not found";
        String sentence = forbidden ? "You may not open this page." : "There is no page at " + ctx.path() + ".";
        String body = fragments.get(ERROR_PAGE.fragment()).replace("{{status}}", Integer.toString(status))
                .replace("{{heading}}", escape(title)).replace("{{sentence}}", escape(sentence))
                .replace("{{home}}", caller == null ? "/login" : "/spaces")
                .replace("{{home_label}}", caller == null ? "Log in" : "Back to Spaces");
        Page page = new Page(ctx.path(), ERROR_PAGE.fragment(), title, List.of(), Access.PUBLIC);
        ctx.status(status).html(render(page, caller, body));
    }

    String render(Page page, Caller caller) {
        return render(page, caller, fragments.get(page.fragment()));
    }

    private String render(Page page, Caller caller, String body) {
        StringBuilder scripts = new StringBuilder();
        for (String script : page.scripts()) {
            String source = script.startsWith("/") ? script : "/static/" + script;
            scripts.append("<script src=\"").append(source).append("\"></script>\n");
        }
        boolean admin = caller != null && caller.isAdmin();
        String nav = caller == null ? "" : navigation(page, caller, admin);
        Map<String, String> values = Map.of(
                "title", escape(page.title()),
                "page", escape(page.fragment()),
                "csrf", escape(caller == null || caller.csrfToken() == null ? "" : caller.csrfToken()),
                "user", escape(caller == null ? "null" : userJson(caller)),
                "scripts", scripts.toString(),
                "nav", nav,
                "body", body);
        // One pass over the layout: text put in (a username, say) is never scanned for placeholders again.
        return PLACEHOLDER.matcher(layout).replaceAll(match -> Matcher.quoteReplacement(
                values.getOrDefault(match.group(1), match.group())));
    }

    private static String navigation(Page current, Caller caller, boolean admin) {
        StringBuilder nav = new StringBuilder("<nav class=\"nav\" aria-label=\"Main\">"
                + "<a class=\"brand\" href=\"/spaces\"><img src=\"/static/favicon.svg\" alt=\"\" width=\"20\""
                + " height=\"20\"> warren</a>");
        for (String[] link : SECTIONS) {
            if (link[0].equals("/users") && !admin) {
                continue;
            }
            boolean active = current.path().startsWith(link[0]);
            nav.append("<a href=\"").append(link[0]).append("\"")
                    .append(active ? " class=\"active\" aria-current=\"page\"" : "").append(" data-nav=\"").append(link[1]).append("\">").append(link[1]).append("</a>");
        }
        nav.append("<span class=\"who\">").append(escape(caller.user().username())).append("</span>")
                .append("<button type=\"button\" class=\"link\" id=\"logout\">Log out</button></nav>");
        return nav.toString();
    }

    private String userJson(Caller caller) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", caller.user().id());
        user.put("username", caller.user().username());
        user.put("is_admin", caller.isAdmin());
        user.put("preferred_shell", caller.user().preferredShell().command());
        try {
            return mapper.writeValueAsString(user);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("A map of strings did not serialise.", impossible);
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String resource(String name) {
        String path = "/web/pages/" + name + ".html";
        try (InputStream in = Pages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("The web UI resource " + path + " is missing from the classpath.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException error) {
            throw new UncheckedIOException("Cannot read the web UI resource " + path + ".", error);
        }
    }
}
