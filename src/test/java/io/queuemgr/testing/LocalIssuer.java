package io.queuemgr.testing;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OIDC provider's token-signing side on a free loopback port, for tests (Keycloak, Entra ID or Google cannot run
 * here): it publishes its discovery document at {@code /.well-known/openid-configuration} and its RSA key at
 * {@code /jwks} as a JWK set (RFC 7517), and signs RS256 access tokens with that key. The service under test is
 * configured as an operator would configure it, from the discovery document's {@code issuer} and {@code jwks_uri}.
 */
public class LocalIssuer implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's field that receives the running issuer. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Injected {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "local-issuer-signing-key";

    private KeyPair keys;
    private HttpServer server;
    private String issuer;

    @Override
    public Map<String, String> start() {
        keys = newKeyPair();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("The local issuer cannot listen", e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, Object> discovery = Map.of("issuer", issuer, "jwks_uri", issuer + "/jwks",
                "id_token_signing_alg_values_supported", List.of("RS256"));
        server.createContext("/.well-known/openid-configuration", exchange -> answer(exchange, discovery));
        server.createContext("/jwks", exchange -> answer(exchange, Jose.keySet(KEY_ID, keys.getPublic())));
        server.start();

        JsonNode published = discover();
        Map<String, String> config = new HashMap<>(LocalStack.get().serviceConfig());
        config.put("mp.jwt.verify.publickey.location", published.path("jwks_uri").asText());
        config.put("mp.jwt.verify.issuer", published.path("issuer").asText());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(this, new TestInjector.AnnotatedAndMatchesType(Injected.class,
                LocalIssuer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** The token signed with the key this issuer publishes. */
    public String issue(AccessTokenBuilder token) {
        return Jose.sign(KEY_ID, keys.getPrivate(), token.claims(issuer));
    }

    /** The token signed with a key this issuer never published, under the published key's id. */
    public String issueWithUnpublishedKey(AccessTokenBuilder token) {
        return Jose.sign(KEY_ID, newKeyPair().getPrivate(), token.claims(issuer));
    }

    /** Reads the discovery document as an operator (or quarkus-oidc) would, to take jwks_uri and issuer from it. */
    private JsonNode discover() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(issuer
                    + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("The local issuer's discovery document cannot be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
