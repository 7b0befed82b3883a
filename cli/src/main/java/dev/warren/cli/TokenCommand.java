package dev.warren.cli;

import dev.warren.client.wire.Auth.CreatedToken;
import dev.warren.client.wire.Auth.TokenInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;

/** {@code warren token list|create|revoke}: the caller's API tokens. */
@Command(name = "token", description = "Manage your API tokens.",
        subcommands = {TokenCommand.ListTokens.class, TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand {
    private TokenCommand() {}

    @Command(name = "list", description = "List your tokens (secrets are never shown again).")
    static final class ListTokens extends Base {
        @Override
        public Integer call() {
            List<TokenInfo> tokens = warren().tokens().list();
            return print(tokens, () -> Output.table(out(), List.of("ID", "NAME", "CREATED", "EXPIRES", "LAST USED"),
                    tokens.stream().map(t -> Output.row(t.id(), t.name(), t.createdAt(),
                            t.expiresAt() == null ? "never" : t.expiresAt(), t.lastUsedAt())).toList()));
        }
    }

    @Command(name = "create", description = "Create a token and print its secret (shown only once).")
    static final class Create extends Base {
        @Parameters(paramLabel = "NAME", description = "A name to recognise the token by.")
        String name;
        @Option(names = "--expires-in-days", paramLabel = "DAYS", description = "Days until it expires (default: never).")
        Integer days;

        @Override
        public Integer call() {
            CreatedToken token = warren().tokens().create(name, days);
            return print(token, () -> out().println(token.token()));
        }
    }

    @Command(name = "revoke", description = "Revoke one of your tokens.")
    static final class Revoke extends Base {
        @Parameters(paramLabel = "ID", description = "The token's id (from 'token list').")
        String id;

        @Override
        public Integer call() {
            warren().tokens().revoke(id);
            return done(Map.of("revoked", id), "Token " + id + " is revoked.");
        }
    }
}
