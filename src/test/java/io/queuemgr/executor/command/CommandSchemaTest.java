package io.queuemgr.executor.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.guard.CommandGuard;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.testing.PlainRecords;

/** The command type's parameters under an operator's allow-list of programs, as submission checks them. */
class CommandSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonRecords records = PlainRecords.with(
            new CommandParams.AllowedProgram.Check(new CommandGuard(List.of("echo"))),
            new AllowedPath.Check(new PathGuard(List.of("/tmp"))));

    private List<FieldError> errors(String params) throws Exception {
        var reading = records.read(JSON.readTree(params), CommandParams.class, "params", "is not a parameter");
        return reading.errors();
    }

    @Test
    void aProgramNotOnTheAllowListIsRefusedAsParamsCommand() throws Exception {
        List<FieldError> errors = errors("{\"command\":\"curl\"}");
        assertThat(errors).extracting(FieldError::field).containsExactly("params.command");
        assertThat(errors.get(0).message()).contains("queuemgr.guard.commands");
    }

    @Test
    void anAllowedProgramPasses() throws Exception {
        assertThat(errors("{\"command\":\"echo\",\"args\":[\"hi\"]}")).isEmpty();
    }

    @Test
    void aShellCommandLineIsRefusedUnlessShIsAllowed() throws Exception {
        assertThat(errors("{\"command\":\"echo hi\",\"shell\":true}")).extracting(FieldError::field)
                .containsExactly("params.command");
    }

    @Test
    void theAllowListSpeaksOnlyOnceTheOtherParamsAreRight() throws Exception {
        assertThat(errors("{\"command\":\"curl\",\"args\":[1]}")).extracting(FieldError::field)
                .containsExactly("params.args[0]");
        assertThat(errors("{\"command\":\"curl\",\"workingDir\":\"/etc\"}")).extracting(FieldError::field)
                .containsExactly("params.workingDir");
    }

    @Test
    void anEnvironmentIsTextOrSecretReferencesWithNamesAProcessCanHave() throws Exception {
        assertThat(errors("{\"command\":\"echo\",\"env\":{\"A\":\"1\",\"B\":{\"secretRef\":\"b\"}}}")).isEmpty();
        assertThat(errors("{\"command\":\"echo\",\"env\":{\"A\":1,\"B=\":\"x\",\"C\":{\"secretRef\":\"../x\"}}}"))
                .extracting(FieldError::field).containsExactly("params.env.A", "params.env.C");
        assertThat(errors("{\"command\":\"echo\",\"env\":{\"B=\":\"x\"}}")).containsExactly(new FieldError(
                "params.env", "'B=' is not a variable name: it must be non-empty, without '=' or NUL"));
        assertThat(errors("{\"command\":\"echo\",\"env\":\"A=1\"}")).containsExactly(new FieldError("params.env",
                "must be an object of strings or secret references"));
    }
}
