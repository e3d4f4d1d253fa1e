package io.queuemgr.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A registry checkpoint taken from a running peer by an instance that has none of its own (a new pod, a lost volume),
 * so that it reads the status topic only after the peer's positions instead of from the beginning. The file is the
 * peer's own checkpoint, byte for byte; it is checked at start like any other (CRC, layout, topics, positions, age),
 * and anything wrong with it means a replay of the whole topic, as without a peer. Plain JDK classes only: this runs
 * before the framework boots (docs/architecture.md, "A new instance starts from a peer's checkpoint").
 */
public final class PeerCheckpoint {

    /** Where the peers serve their checkpoint, below the address given. */
    public static final String PATH = "/api/registry/checkpoint";
    private static final Duration CONNECT = Duration.ofSeconds(3);
    /**
     * Longest wait for the next bytes: the peer may first write a fresh checkpoint (about a second per million tasks,
     * after its reader's current poll).
     */
    private static final Duration READ = Duration.ofSeconds(60);
    private static final AtomicReference<Taken> LAST = new AtomicReference<>();

    /** Where to take a checkpoint from, and the credential (an admin's token) to ask with. */
    public record Seed(URI from, String token) {
        public Seed {
            if (from == null || token == null || token.isBlank()) {
                throw new IllegalArgumentException("a seed needs an address and a token");
            }
        }

        /** The address only: the token is a secret and stays out of logs. */
        @Override
        public String toString() {
            return "Seed[from=" + from + "]";
        }

        /** A seed when both are given, else none. */
        public static Optional<Seed> of(Optional<URI> from, Optional<String> token) {
            return from.isPresent() && token.filter(t -> !t.isBlank()).isPresent()
                    ? Optional.of(new Seed(from.get(), token.get()))
                    : Optional.empty();
        }
    }

    /** What a fetch did, for the start's log: whether the peer was asked, whether a file came, and what happened. */
    public record Taken(boolean asked, boolean file, String what) {
    }

    private PeerCheckpoint() {
    }

    /**
     * Takes the peer's checkpoint into {@code file} when there is no file there yet; never throws. The file appears
     * whole or not at all (written under a temporary name, synced, moved into place); a file that another instance put
     * there meanwhile is kept.
     */
    public static Taken fetchIfMissing(Path file, Seed seed) {
        Taken taken;
        if (Files.exists(file)) {
            taken = new Taken(false, false, "not asked: this instance has a checkpoint of its own");
        } else {
            long begin = System.nanoTime();
            try {
                taken = fetch(file, seed, begin);
            } catch (IOException | RuntimeException e) {
                taken = new Taken(true, false, "not taken from " + seed.from() + " (" + e + ")");
            }
        }
        LAST.set(taken);
        return taken;
    }

    /**
     * At start: takes the peer's checkpoint now where no early read did (a native image has none), then says what the
     * fetch of this process did, once, if it asked a peer.
     */
    static Optional<Taken> atStart(Path file, Optional<Seed> seed, boolean readEarly) {
        if (!readEarly) {
            seed.ifPresent(s -> fetchIfMissing(file, s));
        }
        return Optional.ofNullable(LAST.getAndSet(null)).filter(Taken::asked);
    }

    /**
     * Takes the peer's checkpoint in place of this instance's own, which did not fit the topics as they are now (and so
     * is of no use to any later start either); never throws.
     */
    static Taken instead(Path file, Seed seed) {
        try {
            Files.deleteIfExists(file);
            return fetch(file, seed, System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return new Taken(true, false, "not taken from " + seed.from() + " (" + e + ")");
        }
    }

    private static Taken fetch(Path file, Seed seed, long begin) throws IOException {
        URI uri = URI.create(seed.from().toString().replaceAll("/+$", "") + PATH);
        HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
        http.setConnectTimeout((int) CONNECT.toMillis());
        http.setReadTimeout((int) READ.toMillis());
        http.setInstanceFollowRedirects(false);
        http.setRequestProperty("Authorization", "Bearer " + seed.token());
        http.setRequestProperty("Accept", "application/octet-stream");
        try {
            int status = http.getResponseCode();
            if (status != 200) {
                return new Taken(true, false,
                        "not taken from " + uri + ": it answered " + status + " " + problem(http));
            }
            long expected = http.getContentLengthLong();
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                long got;
                try (InputStream in = http.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                    got = in.transferTo(out);
                }
                if (expected >= 0 && got != expected) {
                    return new Taken(true, false,
                            "not taken from " + uri + ": " + got + " of " + expected + " bytes came");
                }
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                if (Files.exists(file)) {
                    // Another instance sharing the data directory wrote its own meanwhile.
                    return new Taken(true, false, "not needed: a checkpoint appeared in the data directory meanwhile");
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                return new Taken(true, true, "taken from " + uri + ": " + (got >> 20) + " MiB in "
                        + (System.nanoTime() - begin) / 1_000_000 + " ms");
            } finally {
                Files.deleteIfExists(tmp);
            }
        } finally {
            http.disconnect();
        }
    }

    /** The problem's title and detail, as far as they fit on a log line. */
    private static String problem(HttpURLConnection http) {
        try (InputStream err = http.getErrorStream()) {
            if (err == null) {
                return "";
            }
            String body = new String(err.readNBytes(400), StandardCharsets.UTF_8);
            return "(" + body.replaceAll("\\s+", " ").trim() + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
