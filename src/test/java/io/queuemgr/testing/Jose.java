package io.queuemgr.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two pieces of JOSE an OIDC provider needs for access tokens: an RSA public key as a JWK set (RFC 7517, 7518
 * section 6.3) and an RS256 signature in compact serialization (RFC 7515). Written here, with the JDK's
 * {@link Signature}, so that the service's verification is checked against an independent implementation.
 */
final class Jose {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Jose() {
    }

    static Map<String, Object> keySet(String keyId, PublicKey key) {
        RSAPublicKey rsa = (RSAPublicKey) key;
        return Map.of("keys", List.of(Map.of("kty", "RSA", "kid", keyId, "use", "sig", "alg", "RS256",
                "n", unsigned(rsa.getModulus()), "e", unsigned(rsa.getPublicExponent()))));
    }

    static String sign(String keyId, PrivateKey key, Map<String, Object> claims) {
        String signingInput = part(Map.of("alg", "RS256", "typ", "JWT", "kid", keyId)) + "." + part(claims);
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64url of the big-endian magnitude, without the sign byte BigInteger adds to a leading 1 bit. */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return BASE64URL.encodeToString(bytes);
    }
}
