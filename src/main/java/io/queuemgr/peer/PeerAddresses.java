package io.queuemgr.peer;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.NotifiedReload;
import io.queuemgr.config.PgListening;
import io.queuemgr.config.QueuemgrConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where each instance serves its API, kept in PostgreSQL: every instance writes its own address at start and removes
 * it at a clean stop, and keeps a copy of all of them, reloaded when one changes (NOTIFY). The dispatch group says
 * who the members are; this table says where to reach them (the group's member descriptions carry no such field).
 */
@ApplicationScoped
public class PeerAddresses {

    static final String CHANNEL = "queuemgr_instances";
    private static final Logger LOG = Logger.getLogger(PeerAddresses.class);
    private static final Duration RELOAD_EVERY = Duration.ofMinutes(1);

    private final Pool pool;
    private final PgListening listening;
    private final String self;
    private final URI own;
    private volatile Map<String, URI> byInstance = Map.of();
    private NotifiedReload reloads;

    public PeerAddresses(Pool pool, PgListening listening, InstanceIdentity identity, QueuemgrConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.pool = pool;
        this.listening = listening;
        this.self = identity.id();
        this.own = config.registry().advertisedUrl().orElseGet(() -> URI.create("http://" + reachable(host) + ":"
                + port));
    }

    /** The host part others reach: the configured one, or this host's address when listening on every interface. */
    static String reachable(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }
        try {
            String address = InetAddress.getLocalHost().getHostAddress();
            return address.contains(":") ? "[" + address + "]" : address;
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    /** Writes this instance's address and loads everyone's; ends once both are done. */
    public Uni<Void> start() {
        reloads = listening.reloadOn(CHANNEL, RELOAD_EVERY, "instance addresses", this::reload);
        return pool.preparedQuery("INSERT INTO instance_address (instance_id, api_url) VALUES ($1, $2) "
                + "ON CONFLICT (instance_id) DO UPDATE SET api_url = EXCLUDED.api_url, updated_at = now()")
                .execute(Tuple.of(self, own.toString())).replaceWithVoid().call(this::announce)
                .invoke(() -> LOG.infof("This instance's API is advertised to its peers at %s", own))
                .call(() -> reloads.start());
    }

    /** Removes this instance's address, unless another start of the same id wrote its own meanwhile. */
    public Uni<Void> stop() {
        if (reloads != null) {
            reloads.stop();
        }
        return pool.preparedQuery("DELETE FROM instance_address WHERE instance_id = $1 AND api_url = $2")
                .execute(Tuple.of(self, own.toString())).replaceWithVoid().call(this::announce);
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

    private Uni<Void> reload() {
        return pool.query("SELECT instance_id, api_url FROM instance_address").execute().invoke(rows -> {
            Map<String, URI> loaded = new HashMap<>();
            rows.forEach(r -> {
                try {
                    loaded.put(r.getString("instance_id"), URI.create(r.getString("api_url")));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("Instance %s advertised an address that is not a URI: %s", r.getString("instance_id"),
                            e.getMessage());
                }
            });
            byInstance = Map.copyOf(loaded);
        }).replaceWithVoid();
    }
}
