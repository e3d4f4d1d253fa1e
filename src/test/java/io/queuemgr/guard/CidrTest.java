package io.queuemgr.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void anIpv4BlockHoldsTheAddressesThatShareItsPrefix() {
        Cidr linkLocal = Cidr.parse("169.254.0.0/16");
        assertThat(linkLocal.contains(Cidr.literal("169.254.169.254"))).isTrue();
        assertThat(linkLocal.contains(Cidr.literal("169.255.0.1"))).isFalse();
        assertThat(Cidr.parse("10.1.2.0/23").contains(Cidr.literal("10.1.3.255"))).isTrue();
        assertThat(Cidr.parse("10.1.2.0/23").contains(Cidr.literal("10.1.4.0"))).isFalse();
    }

    @Test
    void anIpv6BlockHoldsItsAddressesAndNoIpv4Ones() {
        Cidr fe80 = Cidr.parse("fe80::/10");
        assertThat(fe80.contains(Cidr.literal("fe80::1"))).isTrue();
        assertThat(fe80.contains(Cidr.literal("febf:ffff::1"))).isTrue();
        assertThat(fe80.contains(Cidr.literal("fec0::1"))).isFalse();
        assertThat(fe80.contains(Cidr.literal("169.254.1.1"))).isFalse();
    }

    @Test
    void aBareAddressIsABlockOfOne() {
        Cidr one = Cidr.parse("fd00:ec2::254");
        assertThat(one.prefixLength()).isEqualTo(128);
        assertThat(one.contains(Cidr.literal("[fd00:ec2:0::254]"))).isTrue();
        assertThat(one.contains(Cidr.literal("fd00:ec2::255"))).isFalse();
    }

    @Test
    void anIpv4MappedIpv6LiteralIsTakenAsItsIpv4Address() {
        assertThat(Cidr.parse("169.254.0.0/16").contains(Cidr.literal("::ffff:169.254.169.254"))).isTrue();
    }

    @Test
    void hostNamesAreNotLiteralsAndAreNeverLookedUp() {
        assertThat(Cidr.literal("metadata.google.internal")).isNull();
        assertThat(Cidr.literal("localhost")).isNull();
        assertThat(Cidr.looksLikeOne("*.example.com")).isFalse();
        assertThat(Cidr.looksLikeOne("10.0.0.0/8")).isTrue();
    }

    @Test
    void aPrefixLongerThanTheAddressIsRefused() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
