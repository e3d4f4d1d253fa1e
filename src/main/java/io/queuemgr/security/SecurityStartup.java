package io.queuemgr.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the API tokens before the service takes work, and makes sure an admin can get in: the preset token
 * (QUEUEMGR_BOOTSTRAP_TOKEN) is set as the token named {@value #ADMIN}; without one, the first start of an
 * installation makes that token, writes it to {@code <data dir>/admin-token} and prints it once.
 */
@ApplicationScoped
public class SecurityStartup {

    static final String ADMIN = "admin";
    private static final Logger LOG = Logger.getLogger(SecurityStartup.class);

    private final ApiTokens tokens;
    private final SecurityConfig config;
    private final Clock clock;

    public SecurityStartup(ApiTokens tokens, SecurityConfig config, Clock clock) {
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        Duration wait = config.startupTimeout();
        tokens.start().await().atMost(wait);
        ApiToken admin = new ApiToken(ADMIN, List.of(Roles.ADMIN), List.of("*"), "queuemgr", clock.instant(), null,
                null);
        if (config.bootstrapToken().isPresent()) {
            String preset = config.bootstrapToken().get().strip();
            String problem = TokenSecrets.presetProblem(preset);
            if (problem != null) {
                throw new IllegalStateException("QUEUEMGR_BOOTSTRAP_TOKEN (queuemgr.security.bootstrap-token) "
                        + problem);
            }
            tokens.put(admin, preset).await().atMost(wait);
            LOG.infof("The admin token is the one QUEUEMGR_BOOTSTRAP_TOKEN gives");
            return;
        }
        Path file = config.dataDir().resolve("admin-token").toAbsolutePath();
        String secret = TokenSecrets.newToken();
        if (tokens.create(admin, secret).await().atMost(wait).isPresent()) {
            write(file, secret);
            System.out.printf("%n  queuemgr made an admin token (shown this once; kept in %s):%n%n    %s%n%n"
                    + "  Send it as: Authorization: Bearer <token>. Make tokens for people and programs with "
                    + "POST /api/tokens.%n%n", file, secret);
        } else if (Files.isReadable(file)) {
            LOG.infof("The admin token is in %s", file);
        } else {
            LOG.infof("An admin token was made before; set QUEUEMGR_BOOTSTRAP_TOKEN to reset it if it is lost");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        tokens.stop();
    }

    private static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the admin token in " + file, e);
        }
    }
}
