package io.queuemgr.peer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.queuemgr.audit.AuditActions;
import io.queuemgr.audit.AuditDetails;
import io.queuemgr.audit.AuditTrail;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.NotifiedReload;
import io.queuemgr.config.PgListening;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.registry.HeldPartitions;
import io.queuemgr.security.ApiToken;
import io.queuemgr.security.ApiTokens;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.security.TokenSecrets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where each instance serves its API, kept in PostgreSQL: every instance writes its own address at start and removes
 * it at a clean stop, and keeps a copy of all of them, reloaded when one changes (NOTIFY). The dispatch group says
 * who the members are; this table says where to reach them (the group's member descriptions carry no such field).
 * With split holding wanted, each instance also makes itself an API token with the viewer and peer roles, named
 * {@code instance:<id>}, whose secret only its own memory holds: what it asks its peers on its own behalf (a
 * schedule's previous task, an export, a keyed Kafka submission for a queue it does not hold) carries it. The token
 * goes with the address.
 */
@ApplicationScoped
public class PeerAddresses {

    static final String CHANNEL = "queuemgr_instances";
    private static final Logger LOG = Logger.getLogger(PeerAddresses.class);
    private static final Duration RELOAD_EVERY = Duration.ofMinutes(1);
    /** A row not refreshed for this long is an instance's that is gone (each refreshes its own every minute). */
    private static final Duration GONE_AFTER = Duration.ofHours(1);
    private static final String UPSERT = "INSERT INTO instance_address (instance_id, api_url) VALUES ($1, $2) "
            + "ON CONFLICT (instance_id) DO UPDATE SET api_url = EXCLUDED.api_url, updated_at = now()";

    private final Pool pool;
    private final HeldPartitions held;
    private final PgListening listening;
    private final String self;
    private final URI own;
    private final ApiTokens tokens;
    private final AuditTrail audit;
    private final Clock clock;
    /**
     * The secret of this instance's own token, made at every start and made anew when the token stops verifying;
     * null without split holding.
     */
    private volatile String secret;
    private final AtomicBoolean renewing = new AtomicBoolean();
    /** The last renewal's put, which a stop waits for before it removes the token. */
    private volatile CompletableFuture<Void> renewal = CompletableFuture.completedFuture(null);
    private final AtomicBoolean sharedIdWarned = new AtomicBoolean();
    private volatile Map<String, URI> byInstance = Map.of();
    private NotifiedReload reloads;
    private volatile boolean stopped;

    public PeerAddresses(Pool pool, PgListening listening, InstanceIdentity identity, QueuemgrConfig config,
            HeldPartitions held, ApiTokens tokens, AuditTrail audit, Clock clock,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.pool = pool;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.secret = held.wanted() ? TokenSecrets.newToken() : null;
        this.held = held;
        this.listening = listening;
        this.self = identity.id();
        this.own = config.registry().advertisedUrl().orElseGet(() -> URI.create("http://" + ReachableHost.of(host) + ":"
                + port));
    }

    /** Writes this instance's address and loads everyone's; ends once both are done. */
    public Uni<Void> start() {
        reloads = listening.reloadOn(CHANNEL, RELOAD_EVERY, "instance addresses", this::reload);
        return putToken().call(() -> pool.preparedQuery(UPSERT).execute(Tuple.of(self, own.toString())))
                .call(this::announce).invoke(this::tell)
                .call(() -> reloads.start())
                .invoke(() -> tokens.afterEachReload(() -> renewTokenIfRefused().subscribe().with(done -> {
                }, e -> LOG.warnf("Could not renew this instance's own API token: %s", e.getMessage()))));
    }

    /**
     * Makes this instance's own token anew when it no longer verifies: revoked by an operator (who cuts off that
     * secret, not the instance), or removed while the instance was away. The old secret stays refused.
     */
    private Uni<Void> renewTokenIfRefused() {
        String current = secret;
        if (stopped || current == null || tokens.verify(current, clock.instant()).isPresent()) {
            return Uni.createFrom().voidItem();
        }
        if (tokens.anyValidNamed(tokenName(self), clock.instant())) {
            // Another process runs under this id and put its own secret: renewing would take turns with it forever.
            if (!sharedIdWarned.getAndSet(true)) {
                LOG.warnf("Another process uses the instance id %s (its token replaced this one's): give each "
                        + "instance an id of its own (queuemgr.instance-id)", self);
            }
            return Uni.createFrom().voidItem();
        }
        if (!renewing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        if (!current.equals(secret) || stopped) {
            renewing.set(false);
            return Uni.createFrom().voidItem();
        }
        secret = TokenSecrets.newToken();
        LOG.infof("This instance's own API token %s no longer verifies (revoked, or removed while the instance was "
                + "away); it has a new secret from now on", tokenName(self));
        CompletableFuture<Void> put = putToken().invoke(this::auditRenewal).eventually(() -> renewing.set(false))
                .subscribeAsCompletionStage();
        renewal = put;
        return Uni.createFrom().completionStage(put);
    }

    /**
     * Records the renewal in the audit trail, by the instance itself: an operator who revoked the token sees when the
     * new secret came. Sent on its own, so that neither a stop nor the next reload waits for the broker; a failed
     * recording is logged and the renewal stands (the instance could not work without it).
     */
    private void auditRenewal() {
        String name = tokenName(self);
        audit.record(name, AuditActions.TOKEN_RENEW, name,
                AuditDetails.accepted(AuditDetails.REASON, "the token no longer verified (revoked, or removed)"))
                .subscribe().with(done -> {
                }, e -> LOG.warnf("The renewal of %s was not recorded in the audit trail: %s", name, e.getMessage()));
    }

    private void tell() {
        String host = own.getHost() == null ? "" : own.getHost().replaceAll("[\\[\\]]", "");
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("0:0:0:0:0:0:0:1");
        if (held.wanted() && (loopback || own.getPort() == 0)) {
            LOG.warnf("This instance's API is advertised to its peers at %s, which instances on other hosts cannot "
                    + "reach: set queuemgr.registry.advertised-url (or QUEUEMGR_REGISTRY_ADVERTISED_URL)", own);
        } else {
            LOG.infof("This instance's API is advertised to its peers at %s", own);
        }
    }

    /** Removes this instance's address, unless another start of the same id wrote its own meanwhile. */
    public Uni<Void> stop() {
        stopped = true;
        if (reloads != null) {
            reloads.stop();
        }
        return pool.preparedQuery("DELETE FROM instance_address WHERE instance_id = $1 AND api_url = $2")
                .execute(Tuple.of(self, own.toString())).replaceWithVoid().call(this::announce)
                // After a renewal under way has put its secret, so that the row it writes is the one removed.
                .call(() -> Uni.createFrom().completionStage(renewal).onFailure().recoverWithNull())
                .call(() -> secret == null ? Uni.createFrom().voidItem() : tokens.removeOwn(tokenName(self), secret));
    }

    /** Sets this instance's own token (split holding wanted), whatever a row of its name held. */
    private Uni<Void> putToken() {
        return secret == null
                ? Uni.createFrom().voidItem()
                : tokens.put(new ApiToken(tokenName(self), List.of(Roles.VIEWER, Roles.PEER), List.of(), "queuemgr",
                        clock.instant(), null, null), secret);
    }

    /** The name of an instance's own token. */
    static String tokenName(String instance) {
        return Caller.INSTANCE_TOKEN_PREFIX + instance;
    }

    /** The credential this instance sends when it asks its peers on its own behalf; empty without split holding. */
    public Optional<String> credential() {
        return Optional.ofNullable(secret).map(s -> "Bearer " + s);
    }

    /** Where the instance of this id serves its API, if it said. */
    public Optional<URI> of(String instance) {
        return Optional.ofNullable(byInstance.get(instance));
    }

    /** This instance's own address, as the others are told. */
    public URI own() {
        return own;
    }

    private Uni<Void> announce() {
        return pool.query("NOTIFY " + CHANNEL).execute().replaceWithVoid();
    }

    /**
     * Keeps this instance's row fresh, drops the rows of instances gone for an hour (one that crashed never removed
     * its own, and a restart under the default id, host and pid, writes a new one), and reads the rest.
     */
    private Uni<Void> reload() {
        // An upsert, not an update: a row pruned or deleted by another start under this id comes back.
        Uni<?> refresh = stopped
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery(UPSERT).execute(Tuple.of(self, own.toString()))
                        // Its token comes back too, with a new secret, if a peer pruned it (this instance was away an
                        // hour), a stopping start under the same id removed it, or an operator revoked it.
                        .call(this::renewTokenIfRefused);
        return refresh
                .call(() -> pool.query("DELETE FROM instance_address WHERE updated_at < now() - INTERVAL '"
                        + GONE_AFTER.toMinutes() + " minutes' RETURNING instance_id").execute()
                        .call(gone -> {
                            List<String> names = new ArrayList<>();
                            gone.forEach(r -> names.add(tokenName(r.getString("instance_id"))));
                            return tokens.remove(names);
                        }))
                .call(() -> pool.query("SELECT instance_id, api_url FROM instance_address").execute().invoke(rows -> {
                    Map<String, URI> loaded = new HashMap<>();
                    rows.forEach(r -> {
                        try {
                            loaded.put(r.getString("instance_id"), URI.create(r.getString("api_url")));
                        } catch (IllegalArgumentException e) {
                            LOG.warnf("Instance %s advertised an address that is not a URI: %s",
                                    r.getString("instance_id"),
                                    e.getMessage());
                        }
                    });
                    byInstance = Map.copyOf(loaded);
                })).replaceWithVoid();
    }
}
