package io.queuemgr.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Looks secrets up by name: a file of the secrets directory first, then the environment variable of the prefix and
 * the name. Read on every lookup, so that a rotated Kubernetes Secret is seen without a restart. Blocks on file I/O.
 */
@ApplicationScoped
public class SecretStore {

    private final Path dir;
    private final String envPrefix;
    private final UnaryOperator<String> environment;

    @Inject
    public SecretStore(SecretsConfig config) {
        this(Path.of(config.dir()), config.envPrefix(), System::getenv);
    }

    SecretStore(Path dir, String envPrefix, UnaryOperator<String> environment) {
        this.dir = dir.toAbsolutePath().normalize();
        this.envPrefix = envPrefix;
        this.environment = environment;
    }

    /** A store of the files of one directory only, with no environment variables: for tests and tools. */
    public static SecretStore inDirectory(Path dir) {
        return new SecretStore(dir, "", name -> null);
    }

    /** The secret's value, if there is one by that name. */
    public Optional<String> find(String name) {
        if (!SecretRef.isName(name)) {
            return Optional.empty();
        }
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(withoutTrailingNewline(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // The path names the secret, never its value.
                throw new UncheckedIOException("Secret " + name + " could not be read from " + file, e);
            }
        }
        String value = environment.apply(envPrefix + name);
        if (value == null) {
            // Names with '.' or '-' cannot be shell variables: my-token is also found as MY_TOKEN.
            value = environment.apply(envPrefix + name.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
        }
        return Optional.ofNullable(value);
    }

    /** A file written by an editor or {@code echo} ends with a newline that is not part of the secret. */
    static String withoutTrailingNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** A fresh resolver for one run of a task. */
    public TaskSecrets forRun() {
        return new TaskSecrets(this);
    }

    /** Where a secret of that name is looked for, for a message that helps an operator put it there. */
    String whereLooked(String name) {
        return dir.resolve(name) + " or $" + envPrefix + name;
    }
}
