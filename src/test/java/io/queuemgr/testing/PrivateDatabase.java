package io.queuemgr.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * A database of its own on the test stack's real PostgreSQL, migrated as the service migrates its own, for tests that
 * change what every test shares (dropping a table's partitions would take other tests' rows). Dropped on close.
 */
public final class PrivateDatabase implements AutoCloseable {

    private final LocalStack stack = LocalStack.get();
    private final String name = "private_" + UUID.randomUUID().toString().replace("-", "");
    private final Vertx vertx;
    private final Pool pool;

    public PrivateDatabase() {
        execute(stack.pgDb(), "CREATE DATABASE " + name);
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
                .connectingTo(new PgConnectOptions().setHost(stack.pgHost()).setPort(Integer.parseInt(stack.pgPort()))
                        .setDatabase(name).setUser(stack.pgUser()).setPassword(stack.pgPassword()))
                .using(vertx).build();
    }

    /** The service's migrations up to {@code version} (all when null). */
    public PrivateDatabase migrate(String version) {
        var config = Flyway.configure().dataSource(jdbc(name), stack.pgUser(), stack.pgPassword())
                .locations("classpath:db/migration");
        if (version != null) {
            config.target(version);
        }
        config.load().migrate();
        return this;
    }

    public Pool pool() {
        return pool;
    }

    /** Runs a statement over JDBC, as a migration would. */
    public void execute(String sql) {
        execute(name, sql);
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        execute(stack.pgDb(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String db, String sql) {
        try (Connection c = DriverManager.getConnection(jdbc(db), stack.pgUser(), stack.pgPassword());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private String jdbc(String db) {
        return "jdbc:postgresql://" + stack.pgHost() + ":" + stack.pgPort() + "/" + db;
    }
}
