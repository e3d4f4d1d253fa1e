package io.queuemgr.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.queuemgr.executor.command.CommandErrors;
import io.queuemgr.executor.http.HttpErrors;
import io.queuemgr.executor.network.NetworkErrors;
import io.queuemgr.executor.process.ExitCodes;
import io.queuemgr.executor.process.ProcessErrors;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.ErrorKind;

class ErrorCatalogueTest {

    private static final ErrorFamily PROCESS = family("process", List.of(ProcessErrors.values()),
            List.of(ErrorRule.on(AccessDeniedException.class, ProcessErrors.COMMAND_PERMISSION_DENIED)));
    private static final ErrorFamily NETWORK = family("network", List.of(NetworkErrors.values()),
            List.of(ErrorRule.on(UnknownHostException.class, NetworkErrors.NETWORK_HOST_UNKNOWN),
                    ErrorRule.on(ConnectException.class, NetworkErrors.NETWORK_CONNECTION_REFUSED),
                    ErrorRule.message("permission denied", NetworkErrors.NETWORK_FIREWALL_BLOCKED)));

    private final ErrorCatalogue catalogue = new ErrorCatalogue(List.of(PROCESS, NETWORK));

    @Test
    void exitCodesFollowShellConventions() {
        assertThat(ExitCodes.meaning(127, "").code()).isEqualTo("COMMAND_NOT_FOUND");
        assertThat(ExitCodes.meaning(126, "").code()).isEqualTo("COMMAND_PERMISSION_DENIED");
        assertThat(ExitCodes.meaning(137, "").code()).isEqualTo("SYSTEM_PROCESS_KILLED");
        assertThat(ExitCodes.meaning(137, "").message()).contains("signal 9");
        assertThat(ExitCodes.meaning(1, "disk full").message()).contains("disk full");
        assertThat(ExitCodes.meaning(1, "").retryable()).isTrue();
    }

    @Test
    void exceptionsAreClassifiedByKindEvenWhenWrapped() {
        assertThat(catalogue.classify(new RuntimeException(new ConnectException("Connection refused"))).code())
                .isEqualTo("NETWORK_CONNECTION_REFUSED");
        assertThat(catalogue.classify(new UnknownHostException("nowhere.invalid")).code())
                .isEqualTo("NETWORK_HOST_UNKNOWN");
        assertThat(catalogue.classify(new IllegalStateException("boom")).code()).isEqualTo("INTERNAL_ERROR");
        assertThat(catalogue.classify(new IllegalStateException("boom")).message()).isEqualTo("boom");
    }

    @Test
    void aKnownErrorAnywhereInTheChainWins() {
        var known = CommandErrors.SCRIPT_NOT_FOUND.failure("Script /x does not exist");
        assertThat(catalogue.classify(new IllegalStateException(new RuntimeException(known))).code())
                .isEqualTo("SCRIPT_NOT_FOUND");
    }

    @Test
    void theRulesOfTheTasksOwnFamilyAreAskedFirst() {
        var denied = new RuntimeException("Permission denied (publickey)");
        TaskType networkTask = TaskType.of("network.test", Object.class, "t");
        assertThat(catalogue.classify(denied, networkTask).code()).isEqualTo("NETWORK_FIREWALL_BLOCKED");
        var file = new AccessDeniedException("/etc/shadow");
        assertThat(catalogue.classify(file, TaskType.of("process", Object.class, "t")).code())
                .isEqualTo("COMMAND_PERMISSION_DENIED");
    }

    @Test
    void theCatalogueListsTheServicesCodesAndEachFamilysWithTheirMeaning() {
        assertThat(catalogue.find("TASK_TIMEOUT")).get().extracting(ErrorCatalogue.Entry::family)
                .isEqualTo("service");
        var found = catalogue.find("COMMAND_FAILED").orElseThrow();
        assertThat(found.family()).isEqualTo("process");
        assertThat(found.kind().suggestions()).isNotEmpty();
        assertThat(catalogue.entries()).hasSize(ErrorCode.values().length + ProcessErrors.values().length
                + NetworkErrors.values().length);
    }

    @Test
    void twoFamiliesMayNotDeclareOneCode() {
        ErrorFamily copy = family("copy", List.of(ProcessErrors.COMMAND_FAILED), List.of());
        assertThatThrownBy(() -> new ErrorCatalogue(List.of(PROCESS, copy)))
                .hasMessageContaining("COMMAND_FAILED");
    }

    @Test
    void httpStatusesSplitIntoRetryableAndNot() {
        assertThat(HttpErrors.ofStatus(503, "").retryable()).isTrue();
        assertThat(HttpErrors.ofStatus(429, "").code()).isEqualTo("HTTP_SERVER_ERROR");
        assertThat(HttpErrors.ofStatus(404, "").retryable()).isFalse();
        assertThat(HttpErrors.ofStatus(204, "").code()).isEqualTo("HTTP_UNEXPECTED_STATUS");
    }

    private static ErrorFamily family(String name, List<? extends ErrorKind> codes, List<ErrorRule> rules) {
        return new ErrorFamily() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<? extends ErrorKind> codes() {
                return codes;
            }

            @Override
            public List<ErrorRule> rules() {
                return rules;
            }
        };
    }
}
