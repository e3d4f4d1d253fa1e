package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackedJsonTest {

    private static final byte[] DICTIONARY = "{\"id\":\"\",\"queue\":\"default\",\"status\":\"COMPLETED\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static final UUID ID = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-4c3d2e1f0a9b");

    private static PackedJson packer(String method) {
        return new PackedJson(DICTIONARY, Deflater.BEST_SPEED, method.equals("zstd"));
    }

    @Test
    void zstdPacksWhereItsNativeLibraryLoadsAsOnThisLinux() {
        assertThat(new PackedJson(DICTIONARY, Deflater.BEST_SPEED).method()).isEqualTo("zstd");
        assertThat(packer("deflate").method()).isEqualTo("deflate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "deflate"})
    void aSnapshotLikeTheDictionaryPacksSmallerAndUnpacksToTheSameBytes(String method) {
        PackedJson packer = packer(method);
        byte[] json = "{\"id\":\"0190a1b2-c3d4-7e5f-8a6b-4c3d2e1f0a9b\",\"queue\":\"default\",\"status\":\"COMPLETED\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] packed = packer.pack(json, ID);
        // Only the id (36 of the 88 bytes) is new to the dictionary.
        assertThat(packed.length).isLessThan(json.length * 2 / 3);
        assertThat(packer.unpack(packed, ID)).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "deflate"})
    void bytesThatDoNotShrinkAreKeptAsTheyCame(String method) {
        PackedJson packer = packer(method);
        byte[] noise = new byte[3_000];
        new Random(1).nextBytes(noise);
        noise[0] = '{';
        assertThat(packer.pack(noise, ID)).isSameAs(noise);
        assertThat(packer.unpack(noise, ID)).isSameAs(noise);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "deflate"})
    void aLargeSnapshotRoundTrips(String method) {
        PackedJson packer = packer(method);
        byte[] json = ("{\"result\":\"" + "line of output\\n".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(packer.unpack(packer.pack(json, ID), ID)).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "deflate"})
    void snapshotsPackedOnSeveralThreadsAtOnceUnpackToTheirOwnBytes(String method) throws Exception {
        PackedJson packer = packer(method);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        byte[] json = ("{\"id\":\"" + thread + "-" + i + "\",\"queue\":\"default\",\"status\":"
                                + "\"COMPLETED\"}").getBytes(StandardCharsets.UTF_8);
                        if (!java.util.Arrays.equals(packer.unpack(packer.pack(json, ID), ID), json)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
