package io.queuemgr.executor.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.guard.CommandGuard;
import io.queuemgr.guard.PathGuard;

/** The command type's parameters under an operator's allow-list of programs, as submission checks them. */
class CommandSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CommandExecutor executor = new CommandExecutor(null, new CommandGuard(List.of("echo")),
            new PathGuard(List.of("/tmp")));

    @Test
    void aProgramNotOnTheAllowListIsRefusedAsParamsCommand() throws Exception {
        List<FieldError> errors = executor.schema("command").validate(JSON.readTree("{\"command\":\"curl\"}"));
        assertThat(errors).extracting(FieldError::field).containsExactly("params.command");
        assertThat(errors.get(0).message()).contains("queuemgr.guard.commands");
    }

    @Test
    void anAllowedProgramPasses() throws Exception {
        assertThat(executor.schema("command").validate(JSON.readTree("{\"command\":\"echo\",\"args\":[\"hi\"]}")))
                .isEmpty();
    }

    @Test
    void aShellCommandLineIsRefusedUnlessShIsAllowed() throws Exception {
        assertThat(executor.schema("command").validate(JSON.readTree("{\"command\":\"echo hi\",\"shell\":true}")))
                .extracting(FieldError::field).containsExactly("params.command");
    }
}
