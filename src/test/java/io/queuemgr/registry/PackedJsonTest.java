package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

class PackedJsonTest {

    private static final byte[] DICTIONARY = "{\"id\":\"\",\"queue\":\"default\",\"status\":\"COMPLETED\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final PackedJson packer = new PackedJson(DICTIONARY, Deflater.BEST_SPEED);

    @Test
    void aSnapshotLikeTheDictionaryPacksSmallerAndUnpacksToTheSameBytes() {
        byte[] json = "{\"id\":\"0190a1b2-c3d4-7e5f-8a6b-4c3d2e1f0a9b\",\"queue\":\"default\",\"status\":\"COMPLETED\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] packed = packer.pack(json);
        // Only the id is new to the dictionary.
        assertThat(packed.length).isLessThan(json.length - 35);
        assertThat(packer.unpack(packed)).isEqualTo(json);
    }

    @Test
    void bytesThatDoNotShrinkAreKeptAsTheyCame() {
        byte[] noise = new byte[3_000];
        new Random(1).nextBytes(noise);
        noise[0] = '{';
        assertThat(packer.pack(noise)).isSameAs(noise);
        assertThat(packer.unpack(noise)).isSameAs(noise);
    }

    @Test
    void aLargeSnapshotRoundTrips() {
        byte[] json = ("{\"result\":\"" + "line of output\\n".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(packer.unpack(packer.pack(json))).isEqualTo(json);
    }
}
