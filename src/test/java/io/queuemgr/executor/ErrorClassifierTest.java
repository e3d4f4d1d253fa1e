package io.queuemgr.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import io.queuemgr.error.ErrorClassifier;

class ErrorClassifierTest {

    @Test
    void exitCodesFollowShellConventions() {
        assertThat(ErrorClassifier.fromExitCode(127, "").code()).isEqualTo("COMMAND_NOT_FOUND");
        assertThat(ErrorClassifier.fromExitCode(126, "").code()).isEqualTo("COMMAND_PERMISSION_DENIED");
        assertThat(ErrorClassifier.fromExitCode(137, "").code()).isEqualTo("SYSTEM_PROCESS_KILLED");
        assertThat(ErrorClassifier.fromExitCode(137, "").message()).contains("signal 9");
        assertThat(ErrorClassifier.fromExitCode(1, "disk full").message()).contains("disk full");
        assertThat(ErrorClassifier.fromExitCode(1, "").retryable()).isTrue();
    }

    @Test
    void exceptionsAreClassifiedByKindEvenWhenWrapped() {
        assertThat(ErrorClassifier.fromThrowable(new RuntimeException(new ConnectException("Connection refused")))
                .code()).isEqualTo("NETWORK_CONNECTION_REFUSED");
        assertThat(ErrorClassifier.fromThrowable(new UnknownHostException("nowhere.invalid")).code())
                .isEqualTo("NETWORK_HOST_UNKNOWN");
        assertThat(ErrorClassifier.fromThrowable(new IllegalStateException("boom")).code())
                .isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void httpStatusesSplitIntoRetryableAndNot() {
        assertThat(ErrorClassifier.fromHttpStatus(503, "").retryable()).isTrue();
        assertThat(ErrorClassifier.fromHttpStatus(429, "").code()).isEqualTo("HTTP_SERVER_ERROR");
        assertThat(ErrorClassifier.fromHttpStatus(404, "").retryable()).isFalse();
        assertThat(ErrorClassifier.fromHttpStatus(204, "").code()).isEqualTo("HTTP_UNEXPECTED_STATUS");
    }
}
