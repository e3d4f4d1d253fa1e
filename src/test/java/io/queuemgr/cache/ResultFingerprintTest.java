package io.queuemgr.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.testing.PlainRecords;

class ResultFingerprintTest {

    private final ResultFingerprint fingerprint = new ResultFingerprint(PlainRecords.MAPPER,
            type -> Map.of("SCP_UPLOAD", "scp.upload").getOrDefault(type, type));

    private static JsonNode json(String text) {
        try {
            return PlainRecords.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theOrderOfParamsFieldsDoesNotMatterAtAnyDepth() {
        String a = fingerprint.of("webhook", "default",
                json("{\"url\":\"http://x\",\"headers\":{\"a\":\"1\",\"b\":\"2\"},\"body\":{\"n\":1,\"m\":[{\"y\":1,\"x\":2}]}}"));
        String b = fingerprint.of("webhook", "default",
                json("{\"body\":{\"m\":[{\"x\":2,\"y\":1}],\"n\":1},\"headers\":{\"b\":\"2\",\"a\":\"1\"},\"url\":\"http://x\"}"));
        assertThat(a).isEqualTo(b).startsWith("sha256:").hasSize("sha256:".length() + 64);
    }

    @Test
    void anAliasAndItsCanonicalNameAreTheSameWork() {
        JsonNode params = json("{\"host\":\"h\",\"path\":\"/tmp/a\"}");
        assertThat(fingerprint.of("SCP_UPLOAD", "default", params))
                .isEqualTo(fingerprint.of("scp.upload", "default", params));
    }

    @Test
    void aDifferentNestedValueQueueOrTypeIsOtherWork() {
        String base = fingerprint.of("noop", "default", json("{\"echo\":{\"a\":[1,2]}}"));
        assertThat(fingerprint.of("noop", "default", json("{\"echo\":{\"a\":[2,1]}}"))).isNotEqualTo(base);
        assertThat(fingerprint.of("noop", "reports", json("{\"echo\":{\"a\":[1,2]}}"))).isNotEqualTo(base);
        assertThat(fingerprint.of("webhook", "default", json("{\"echo\":{\"a\":[1,2]}}"))).isNotEqualTo(base);
    }

    @Test
    void aSecretReferenceIsPartOfTheWork() {
        String one = fingerprint.of("webhook", "default", json("{\"token\":{\"secretRef\":\"ci-token\"}}"));
        String other = fingerprint.of("webhook", "default", json("{\"token\":{\"secretRef\":\"prod-token\"}}"));
        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void noParamsIsTheSameWorkAsEmptyParams() {
        assertThat(fingerprint.of("noop", "default", null)).isEqualTo(fingerprint.of("noop", "default", json("{}")));
    }
}
