package io.queuemgr.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.queuemgr.dispatch.DispatchMembers;
import io.queuemgr.registry.TaskFilter;
import io.queuemgr.task.TaskStatus;

class PeerRoutingTest {

    @Test
    void aHostListeningOnEveryInterfaceAdvertisesAnAddressOfThisMachine() {
        assertThat(ReachableHost.of("0.0.0.0")).isNotIn("0.0.0.0", "");
        assertThat(ReachableHost.of("::")).isNotIn("::", "[::]", "");
    }

    @Test
    void aConfiguredHostIsAdvertisedAsItIsWithIpv6InBrackets() {
        assertThat(ReachableHost.of("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(ReachableHost.of("pod-7.queuemgr")).isEqualTo("pod-7.queuemgr");
        assertThat(ReachableHost.of("fd00::7")).isEqualTo("[fd00::7]");
    }

    @Test
    void theGroupIsRebalancingWhileSomePartitionHasNoMember() {
        var a = new DispatchMembers.Member("a", "10.0.0.1", List.of(0, 1, 2), true);
        var b = new DispatchMembers.Member("b", "10.0.0.2", List.of(3, 4, 5), false);
        var bEmpty = new DispatchMembers.Member("b", "10.0.0.2", List.of(), false);
        var extra = new DispatchMembers.Member("c", "10.0.0.3", List.of(6, 7), false);

        assertThat(TaskHolders.covered(List.of(a, b), 6)).isTrue();
        assertThat(TaskHolders.covered(List.of(a, bEmpty), 6)).isFalse();
        // Partitions beyond the count the instance learnt at start do not stand in for missing ones.
        assertThat(TaskHolders.covered(List.of(a, extra), 6)).isFalse();
    }

    @Test
    void aRequestGoesBelowThePeersBaseAddressWithItsQuery() {
        assertThat(PeerClient.at(URI.create("http://10.0.0.5:8080"), "/api/tasks?limit=5&cursor="))
                .isEqualTo("http://10.0.0.5:8080/api/tasks?limit=5&cursor=");
        assertThat(PeerClient.at(URI.create("https://q.example/ops/"), "/api/tasks/7"))
                .isEqualTo("https://q.example/ops/api/tasks/7");
    }

    @Test
    void aListingAskedOnThisInstancesOwnBehalfCarriesItsFilterAsTheApiTakesIt() {
        UUID after = UUID.fromString("019ad1f2-3c4d-7e5f-8a6b-4c3d2e1f0a9b");
        assertThat(ClusterTasks.query(new TaskFilter("night jobs", TaskStatus.FAILED, "data.export", null, "a&b",
                null), after, 50)).isEqualTo("queue=night+jobs&status=FAILED&type=data.export&tag=a%26b&limit=50"
                        + "&cursor=019ad1f2-3c4d-7e5f-8a6b-4c3d2e1f0a9b");
        assertThat(ClusterTasks.query(new TaskFilter(null, null, null, null, null, null), null, 10))
                .isEqualTo("limit=10");
    }
}
