package io.queuemgr.security;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.config.NotifiedReload;
import io.queuemgr.config.PgListening;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The API tokens, kept in PostgreSQL as hashes and held in memory by hash, so that checking a request's token costs
 * no database round trip. A change on any instance is announced with NOTIFY on {@value #CHANNEL} and every instance
 * reloads; a reload every {@code queuemgr.security.token-reload-interval} covers a missed notification.
 */
@Singleton
public class ApiTokens {

    static final String CHANNEL = "queuemgr_tokens";
    private static final Logger LOG = Logger.getLogger(ApiTokens.class);
    private static final String COLUMNS = "name, token_hash, roles, allowed_types, created_by, created_at, "
            + "expires_at, revoked_at";

    private final Pool pool;
    private final PgListening listening;
    private final Duration reloadInterval;
    private volatile Map<String, ApiToken> byHash = Map.of();
    private final List<Runnable> afterReload = new CopyOnWriteArrayList<>();
    private NotifiedReload reloads;

    public ApiTokens(Pool pool, PgListening listening, SecurityConfig config) {
        this.pool = pool;
        this.listening = listening;
        this.reloadInterval = config.tokenReloadInterval();
    }

    /** Runs {@code then} after every reload: a change announced by any instance, or the timer's. */
    public void afterEachReload(Runnable then) {
        afterReload.add(then);
    }

    /** Loads the tokens and listens for changes; ends once the first load is in. */
    public Uni<Void> start() {
        reloads = listening.reloadOn(CHANNEL, reloadInterval, "API tokens", this::reload);
        return reloads.start();
    }

    public void stop() {
        if (reloads != null) {
            reloads.stop();
        }
    }

    /** The token a request presents, if it is known, not revoked and not expired. */
    public Optional<ApiToken> verify(String token, Instant now) {
        String hash = TokenSecrets.hash(token);
        ApiToken found = byHash.get(hash);
        return found != null && found.validAt(now) ? Optional.of(found) : Optional.empty();
    }

    /** Whether a token of this name is held that is neither revoked nor expired. */
    public boolean anyValidNamed(String name, Instant now) {
        return byHash.values().stream().anyMatch(t -> t.name().equals(name) && t.validAt(now));
    }

    public Uni<List<ApiToken>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM api_token ORDER BY name").execute()
                .map(rows -> {
                    List<ApiToken> out = new java.util.ArrayList<>();
                    rows.forEach(r -> out.add(token(r)));
                    return out;
                });
    }

    /** Stores a new token under its hash; empty when the name is taken. */
    public Uni<Optional<ApiToken>> create(ApiToken token, String secret) {
        String hash = TokenSecrets.hash(secret);
        return pool.preparedQuery("INSERT INTO api_token (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                + "ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .execute(row(token, hash))
                .map(rows -> rows.size() == 0 ? Optional.<ApiToken>empty() : Optional.of(token(rows.iterator().next())))
                .call(made -> made.isPresent() ? announce() : Uni.createFrom().voidItem());
    }

    /** Sets a token of this name to the given secret whatever it was (the preset admin token), un-revoking it. */
    public Uni<Void> put(ApiToken token, String secret) {
        String hash = TokenSecrets.hash(secret);
        return pool.preparedQuery("INSERT INTO api_token (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                + "ON CONFLICT (name) DO UPDATE SET token_hash = EXCLUDED.token_hash, roles = EXCLUDED.roles, "
                + "allowed_types = EXCLUDED.allowed_types, expires_at = NULL, revoked_at = NULL, "
                // A new secret is a new token as far as anyone reading the list can tell; the same one (a preset
                // admin token put at every start) keeps the time it was first made.
                + "created_at = CASE WHEN api_token.token_hash = EXCLUDED.token_hash THEN api_token.created_at "
                + "ELSE EXCLUDED.created_at END")
                .execute(row(token, hash)).call(this::announce).replaceWithVoid();
    }

    /** Revokes the named token; the answer is the token as it now is, empty for an unknown name. */
    public Uni<Optional<ApiToken>> revoke(String name, Instant now) {
        return pool.preparedQuery("UPDATE api_token SET revoked_at = COALESCE(revoked_at, $2) WHERE name = $1 "
                + "RETURNING " + COLUMNS)
                .execute(Tuple.of(name, utc(now)))
                .map(rows -> rows.size() == 0 ? Optional.<ApiToken>empty() : Optional.of(token(rows.iterator().next())))
                .call(revoked -> revoked.isPresent() ? announce() : Uni.createFrom().voidItem());
    }

    /** Removes the named token if its secret is still this one: a later start under the same name keeps its own. */
    public Uni<Void> removeOwn(String name, String secret) {
        return pool.preparedQuery("DELETE FROM api_token WHERE name = $1 AND token_hash = $2")
                .execute(Tuple.of(name, TokenSecrets.hash(secret))).call(this::announce).replaceWithVoid();
    }

    /** Removes the named tokens outright (an instance's own, which nobody else holds), not just revokes them. */
    public Uni<Void> remove(List<String> names) {
        if (names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM api_token WHERE name = ANY($1)")
                .execute(Tuple.of(names.toArray(String[]::new))).call(this::announce).replaceWithVoid();
    }

    public Uni<Boolean> exists(String name) {
        return pool.preparedQuery("SELECT 1 FROM api_token WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() > 0);
    }

    /** Tells every instance that the tokens changed; this one reloads before answering, so a change works here at once. */
    private Uni<Void> announce() {
        return pool.query("NOTIFY " + CHANNEL).execute().replaceWithVoid().call(this::reload)
                .onFailure().invoke(e -> LOG.warnf("Could not announce a token change: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> reload() {
        return pool.query("SELECT " + COLUMNS + " FROM api_token").execute().invoke(rows -> {
            Map<String, ApiToken> loaded = new ConcurrentHashMap<>();
            rows.forEach(r -> loaded.put(r.getString("token_hash").strip(), token(r)));
            byHash = loaded;
            for (Runnable then : afterReload) {
                try {
                    then.run();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "A check after the API tokens' reload failed");
                }
            }
        }).replaceWithVoid();
    }

    private static Tuple row(ApiToken t, String hash) {
        return Tuple.tuple(List.of(t.name(), hash)).addArrayOfString(t.roles().toArray(String[]::new))
                .addArrayOfString(t.allowedTypes().toArray(String[]::new)).addString(t.createdBy())
                .addValue(utc(t.createdAt())).addValue(utc(t.expiresAt())).addValue(utc(t.revokedAt()));
    }

    private static ApiToken token(Row r) {
        return new ApiToken(r.getString("name"), Arrays.asList(r.getArrayOfStrings("roles")),
                Arrays.asList(r.getArrayOfStrings("allowed_types")), r.getString("created_by"),
                instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("expires_at")),
                instant(r.getOffsetDateTime("revoked_at")));
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

}
