package io.queuemgr.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Making and hashing API tokens. A token is {@code qm_} and 256 random bits: guessing is hopeless, so one SHA-256
 * (not a slow password hash) keeps a stolen table useless while checking a token costs microseconds.
 */
public final class TokenSecrets {

    public static final String PREFIX = "qm_";

    /** Shortest token the service accepts as a preset one: the prefix and 128 bits in any printable form. */
    public static final int MIN_LENGTH = PREFIX.length() + 22;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Never updated, only copied: copies of it are made on any thread. */
    private static final MessageDigest SHA_256 = sha256();

    private TokenSecrets() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The token's SHA-256, in hex. Every authenticated request asks for it; the digest is copied from one made once,
     * since looking the algorithm up among the security providers took longer than hashing (JFR, 2026-12-04).
     */
    public static String hash(String token) {
        try {
            byte[] digest = ((MessageDigest) SHA_256.clone()).digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be copied", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What is wrong with a preset token, or null. */
    public static String presetProblem(String token) {
        if (!token.startsWith(PREFIX) || token.length() < MIN_LENGTH) {
            return "must start with " + PREFIX + " and be at least " + MIN_LENGTH + " characters long";
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                return "must be printable ASCII without spaces";
            }
        }
        return null;
    }
}
