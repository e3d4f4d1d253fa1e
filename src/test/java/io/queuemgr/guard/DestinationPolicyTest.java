package io.queuemgr.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class DestinationPolicyTest {

    private final DestinationPolicy defaults = new DestinationPolicy(List.of(), List.of());

    @Test
    void cloudMetadataAndLinkLocalAddressesAreRefusedByDefault() {
        assertThat(defaults.refusal("169.254.169.254")).isPresent();
        assertThat(defaults.refusal("[fd00:ec2::254]")).isPresent();
        assertThat(defaults.refusal("fe80::1")).isPresent();
        assertThat(defaults.refusal("Metadata.Google.Internal.")).isPresent();
    }

    @Test
    void loopbackPrivateAndPublicAddressesAreAllowedByDefault() {
        assertThat(defaults.refusal("127.0.0.1")).isEmpty();
        assertThat(defaults.refusal("::1")).isEmpty();
        assertThat(defaults.refusal("10.0.0.5")).isEmpty();
        assertThat(defaults.refusal("example.com")).isEmpty();
    }

    @Test
    void aNameThatResolvesIntoADeniedBlockIsRefusedWhenItsAddressesAreKnown() {
        assertThat(defaults.refusal("innocent.example", List.of(address("93.184.216.34"), address("169.254.169.254"))))
                .get().asString().contains("169.254.169.254");
        assertThat(defaults.refusal("innocent.example", List.of(address("93.184.216.34")))).isEmpty();
    }

    @Test
    void anAllowedEntryWinsOverTheBuiltInRefusals() {
        DestinationPolicy ecsCredentials = new DestinationPolicy(List.of("169.254.170.2/32"), List.of());
        assertThat(ecsCredentials.refusal("169.254.170.2")).isEmpty();
        assertThat(ecsCredentials.refusal("169.254.169.254")).isPresent();
    }

    @Test
    void denyingEverythingAndAllowingAFewMakesAnAllowList() {
        DestinationPolicy onlyHooks = new DestinationPolicy(List.of("*.hooks.example.com", "10.1.0.0/16"),
                List.of("0.0.0.0/0", "::/0"));
        assertThat(onlyHooks.refusal("ci.hooks.example.com", List.of(address("203.0.113.9")))).isEmpty();
        assertThat(onlyHooks.refusal("10.1.2.3")).isEmpty();
        assertThat(onlyHooks.refusal("other.example.com", List.of(address("203.0.113.9")))).isPresent();
        assertThat(onlyHooks.refusal("127.0.0.1")).isPresent();
    }

    @Test
    void aDeniedHostNameIsRefusedWithItsSubdomainsWhenWrittenSo() {
        DestinationPolicy policy = new DestinationPolicy(List.of(), List.of("*.internal.example.com", "vault"));
        assertThat(policy.refusal("db.internal.example.com")).isPresent();
        assertThat(policy.refusal("vault")).isPresent();
        assertThat(policy.refusal("internal.example.com")).isEmpty();
    }

    private static InetAddress address(String literal) {
        return Cidr.literal(literal);
    }
}
