package io.queuemgr.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.task.TaskError;

class RedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOccurrenceOfAHiddenValueBecomesStars() {
        Redactor r = new Redactor();
        r.hide("s3cr3t");
        assertThat(r.redact("token=s3cr3t; again s3cr3t")).isEqualTo("token=***; again ***");
    }

    @Test
    void aSecretContainingAnotherIsHiddenWhole() {
        Redactor r = new Redactor();
        r.hide("abc");
        r.hide("xxabcxx");
        assertThat(r.redact("[xxabcxx]")).isEqualTo("[***]");
    }

    @Test
    void eachLineOfAMultiLineSecretIsHiddenOnItsOwn() {
        Redactor r = new Redactor();
        r.hide("-----BEGIN KEY-----\nAAAAB3Nza\n-----END KEY-----\n");
        assertThat(r.redact("AAAAB3Nza")).isEqualTo("***");
    }

    @Test
    void resultsAndErrorsAreRedactedThroughout() throws Exception {
        Redactor r = new Redactor();
        r.hide("pw1");
        assertThat(r.redact(JSON.readTree("{\"stdout\":\"pw1\\n\",\"list\":[\"a pw1\"],\"n\":1}")))
                .isEqualTo(JSON.readTree("{\"stdout\":\"***\\n\",\"list\":[\"a ***\"],\"n\":1}"));
        TaskError error = r.redact(new TaskError("COMMAND_FAILED", "failed: pw1", Map.of("k", "pw1"), null, true));
        assertThat(error.message()).isEqualTo("failed: ***");
        assertThat(error.context()).containsEntry("k", "***");
    }

    @Test
    void nothingHiddenLeavesTextAlone() {
        assertThat(new Redactor().redact("plain")).isEqualTo("plain");
    }
}
