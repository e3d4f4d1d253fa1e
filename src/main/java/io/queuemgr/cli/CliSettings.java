package io.queuemgr.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the service is and which token to send: flags first, then QUEUEMGR_URL / QUEUEMGR_TOKEN /
 * QUEUEMGR_TOKEN_FILE, then the config file ({@code $XDG_CONFIG_HOME/queuemgr/cli.properties}, by default under
 * {@code ~/.config}), then http://localhost:8080 without a token.
 */
public record CliSettings(URI server, String token, String origin) {

    public static final String DEFAULT_URL = "http://localhost:8080";

    /** How a user changes the URL, for messages about a service that cannot be reached. */
    public static final String HOW_TO_SET_URL = "set --server, QUEUEMGR_URL or url= in ~/.config/queuemgr/cli.properties";

    /** How a user changes the token; never the token itself. */
    public static final String HOW_TO_SET_TOKEN = "set --token, QUEUEMGR_TOKEN, QUEUEMGR_TOKEN_FILE or token= "
            + "(or token-file=) in ~/.config/queuemgr/cli.properties";

    public static CliSettings resolve(String serverFlag, String tokenFlag, Map<String, String> env, Path home) {
        Properties file = configFile(env, home);
        String url = first(serverFlag, env.get("QUEUEMGR_URL"), file.getProperty("url"));
        String origin = serverFlag != null
                ? "--server"
                : env.get("QUEUEMGR_URL") != null
                        ? "QUEUEMGR_URL"
                        : file.getProperty("url") != null ? "the config file" : "the default";
        String token = first(tokenFlag, env.get("QUEUEMGR_TOKEN"), readToken(env.get("QUEUEMGR_TOKEN_FILE")),
                file.getProperty("token"), readToken(file.getProperty("token-file")));
        return new CliSettings(parse(url == null ? DEFAULT_URL : url), token, origin);
    }

    static Path configPath(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("queuemgr/cli.properties");
    }

    private static Properties configFile(Map<String, String> env, Path home) {
        Properties properties = new Properties();
        Path path = configPath(env, home);
        if (Files.isReadable(path)) {
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new CliException("cannot read " + path + ": " + e.getMessage());
            }
        }
        return properties;
    }

    private static String readToken(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        Path path = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        try {
            return Files.readString(path).strip();
        } catch (IOException e) {
            throw new CliException("cannot read the token file " + path + ": " + e.getMessage());
        }
    }

    private static URI parse(String url) {
        String trimmed = url.strip().replaceAll("/+$", "");
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException("the server URL '" + url + "' is not an http:// or https:// URL; " + HOW_TO_SET_URL,
                    2);
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
