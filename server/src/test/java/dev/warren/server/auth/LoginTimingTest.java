package dev.warren.server.auth;

import dev.warren.core.UnauthenticatedException;
import dev.warren.core.model.Role;
import dev.warren.core.model.Shell;
import dev.warren.core.model.User;
import dev.warren.store.Database;
import dev.warren.store.SessionStore;
import dev.warren.store.TokenStore;
import dev.warren.store.UserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failed login costs the same bcrypt work whether the user exists or not, so its timing does not tell which
 * usernames exist. Statistical but bounded: medians of 20 interleaved attempts each, at a cost where bcrypt
 * dominates, within a factor of two (without the dummy check the ratio is below 0.05).
 */
class LoginTimingTest {
    private static final int ATTEMPTS = 20;

    @Test
    void failed_logins_take_the_same_time_for_unknown_known_and_disabled_users(@TempDir Path dir) {
        try (Database database = Database.open("jdbc:sqlite:" + dir.resolve("timing.db"))) {
            UserStore users = new UserStore(database.jdbi());
            PasswordHasher hasher = new PasswordHasher(8); // ~15 ms a check: far above the store's noise
            users.insert(user("known", hasher.hash("right-password"), true));
            users.insert(user("disabled", hasher.hash("right-password"), false));
            AuthService auth = new AuthService(users, new TokenStore(database.jdbi()),
                    new SessionStore(database.jdbi()), hasher, new Secrets(),
                    new LoginRateLimiter(Clock.systemUTC(), Integer.MAX_VALUE, Duration.ofMinutes(1)),
                    Clock.systemUTC(), Duration.ofHours(1));
            for (int warm = 0; warm < 5; warm++) { // JIT and the connection pool
                fail(auth, "known");
                fail(auth, "nobody-" + warm);
            }
            // interleaved, so a busy machine slows the three kinds alike
            long[][] times = new long[3][ATTEMPTS];
            for (int i = 0; i < ATTEMPTS; i++) {
                times[0][i] = fail(auth, "known");
                times[1][i] = fail(auth, "nobody-at-all");
                times[2][i] = fail(auth, "disabled");
            }
            double known = median(times[0]);
            double unknown = median(times[1]);
            double disabled = median(times[2]);
            // before the fix an unknown or disabled user cost no bcrypt at all: a ratio below 0.05
            assertThat(unknown / known).as("unknown %.1f ms vs known %.1f ms", unknown / 1e6, known / 1e6)
                    .isBetween(0.5, 2.0);
            assertThat(disabled / known).as("disabled %.1f ms vs known %.1f ms", disabled / 1e6, known / 1e6)
                    .isBetween(0.5, 2.0);
        }
    }

    private static long fail(AuthService auth, String login) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> auth.login(login, "wrong-password", "127.0.0.1"))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("username or password is wrong");
        return System.nanoTime() - start;
    }

    private static double median(long[] times) {
        Arrays.sort(times);
        return (times[ATTEMPTS / 2 - 1] + times[ATTEMPTS / 2]) / 2.0;
    }

    private static User user(String name, String hash, boolean active) {
        return new User(name + "-id", name, name + "@example.test", hash, Set.of(Role.USER), active, Shell.BASH,
                "UTC", "service-" + name, Instant.now());
    }
}
