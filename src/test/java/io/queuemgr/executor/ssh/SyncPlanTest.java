package io.queuemgr.executor.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.queuemgr.executor.ssh.SyncPlan.FileState;

class SyncPlanTest {

    private static FileState f(String name, long size, long time) {
        return new FileState(name, size, time);
    }

    @Test
    void aFileIsCopiedWhenItsSizeOrTimeDiffersOrItIsMissing() {
        SyncPlan plan = SyncPlan.of(
                Map.of("same", f("same", 1, 10), "bigger", f("bigger", 2, 10), "newer", f("newer", 1, 11),
                        "missing", f("missing", 5, 10)),
                Map.of("same", f("same", 1, 10), "bigger", f("bigger", 1, 10), "newer", f("newer", 1, 10)), false);
        assertThat(plan.copy()).extracting(FileState::relative).containsExactlyInAnyOrder("bigger", "newer",
                "missing");
        assertThat(plan.skip()).extracting(FileState::relative).containsExactly("same");
        assertThat(plan.bytesToCopy()).isEqualTo(8);
    }

    @Test
    void extrasAreDeletedOnlyWithDeleteExtra() {
        Map<String, FileState> source = Map.of("a", f("a", 1, 1));
        Map<String, FileState> destination = Map.of("a", f("a", 1, 1), "z", f("z", 1, 1), "y", f("y", 1, 1));
        assertThat(SyncPlan.of(source, destination, false).delete()).isEmpty();
        assertThat(SyncPlan.of(source, destination, true).delete()).containsExactly("y", "z");
    }
}
