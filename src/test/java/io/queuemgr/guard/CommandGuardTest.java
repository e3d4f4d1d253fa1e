package io.queuemgr.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandGuardTest {

    @Test
    void anEmptyListAllowsAnyProgram() {
        assertThat(new CommandGuard(List.of()).problem("rm", false)).isNull();
        assertThat(new CommandGuard(List.of()).problem("anything at all", true)).isNull();
    }

    @Test
    void aBareNameAllowsThatNameButNotAFileOfThatNameElsewhere() {
        CommandGuard guard = new CommandGuard(List.of("echo", "/usr/local/bin/backup.sh"));
        assertThat(guard.problem("echo", false)).isNull();
        assertThat(guard.problem("/tmp/evil/echo", false)).contains("not an allowed program");
        assertThat(guard.problem("/usr/local/bin/../bin/backup.sh", false)).isNull();
        assertThat(guard.problem("curl", false)).contains("queuemgr.guard.commands: /usr/local/bin/backup.sh, echo");
    }

    @Test
    void aProgramNameWithANulCharacterIsRefusedWithTheReasonNotAnError() {
        CommandGuard guard = new CommandGuard(List.of("echo"));
        assertThat(guard.problem("/bin/ec\0ho", false)).contains("NUL");
        assertThat(guard.problem("ec\0ho", false)).contains("NUL");
    }

    @Test
    void aShellCommandLineNeedsShItselfAllowed() {
        assertThat(new CommandGuard(List.of("echo")).problem("echo hi", true)).contains("sh is not in");
        assertThat(new CommandGuard(List.of("sh")).problem("echo hi", true)).isNull();
    }
}
