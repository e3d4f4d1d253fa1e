package io.queuemgr.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.queuemgr.dispatch.DispatchMembers;

class PeerRoutingTest {

    @Test
    void aHostListeningOnEveryInterfaceAdvertisesAnAddressOfThisMachine() {
        assertThat(PeerAddresses.reachable("0.0.0.0")).isNotIn("0.0.0.0", "");
        assertThat(PeerAddresses.reachable("::")).isNotIn("::", "[::]", "");
    }

    @Test
    void aConfiguredHostIsAdvertisedAsItIsWithIpv6InBrackets() {
        assertThat(PeerAddresses.reachable("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(PeerAddresses.reachable("pod-7.queuemgr")).isEqualTo("pod-7.queuemgr");
        assertThat(PeerAddresses.reachable("fd00::7")).isEqualTo("[fd00::7]");
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
        assertThat(TaskHolders.at(URI.create("http://10.0.0.5:8080"), "/api/tasks?limit=5&cursor="))
                .isEqualTo("http://10.0.0.5:8080/api/tasks?limit=5&cursor=");
        assertThat(TaskHolders.at(URI.create("https://q.example/ops/"), "/api/tasks/7"))
                .isEqualTo("https://q.example/ops/api/tasks/7");
    }
}
