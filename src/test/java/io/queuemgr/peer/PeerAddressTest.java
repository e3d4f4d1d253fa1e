package io.queuemgr.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class PeerAddressTest {

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
    void aRequestGoesBelowThePeersBaseAddressWithItsQuery() {
        assertThat(TaskHolders.at(URI.create("http://10.0.0.5:8080"), "/api/tasks?limit=5&cursor="))
                .isEqualTo("http://10.0.0.5:8080/api/tasks?limit=5&cursor=");
        assertThat(TaskHolders.at(URI.create("https://q.example/ops/"), "/api/tasks/7"))
                .isEqualTo("https://q.example/ops/api/tasks/7");
    }
}
