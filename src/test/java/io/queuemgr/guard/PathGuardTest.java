package io.queuemgr.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.queuemgr.task.TaskFailure;

class PathGuardTest {

    @TempDir
    Path dir;

    @Test
    void aPathUnderARootIsAllowed() {
        PathGuard guard = new PathGuard(List.of(dir.toString()));
        assertThat(guard.problem(dir.resolve("jobs/run.sh").toString())).isNull();
        assertThat(guard.problem(dir.toString())).isNull();
    }

    @Test
    void dotDotThatLeavesTheRootIsRefusedWithTheRootsNamed() {
        PathGuard guard = new PathGuard(List.of(dir.toString()));
        String problem = guard.problem(dir + "/jobs/../../../etc/passwd");
        assertThat(problem).contains("/etc/passwd is outside the allowed roots").contains(dir.toString())
                .contains("queuemgr.guard.path-roots");
    }

    @Test
    void aSiblingWhoseNameStartsLikeTheRootIsOutside() {
        PathGuard guard = new PathGuard(List.of(dir.resolve("work").toString()));
        assertThat(guard.problem(dir.resolve("work-other/x").toString())).isNotNull();
    }

    @Test
    void theFileSystemRootAllowsAnyPath() {
        assertThat(new PathGuard(List.of("/")).problem("/etc/passwd")).isNull();
    }

    @Test
    void aLinkUnderARootThatLeadsOutIsCaughtWhenTheTaskRuns() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path link = Files.createSymbolicLink(root.resolve("escape"), outside);
        PathGuard guard = new PathGuard(List.of(root.toString()));
        assertThat(guard.problem(link.toString())).isNull();
        assertThatThrownBy(() -> guard.checkWhenRunning("params.workingDir", link.toString()))
                .isInstanceOfSatisfying(TaskFailure.class,
                        f -> assertThat(f.error().code()).isEqualTo("PATH_NOT_ALLOWED"));
    }
}
