package io.queuemgr.executor.ssh;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.testing.FakeContext;

/**
 * Measures, against a throw-away OpenSSH server on loopback: SCP upload MB/s of one 200 MB file with queuemgr's SCP
 * code and with OpenSSH's own scp, and ssh.exec of {@code true} per second on a reused connection. Run by
 * bench/scp.sh; prints one line per figure.
 */
public final class SshBench {

    private SshBench() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int execs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("ssh-bench");
        try (SshServer server = SshServer.start(dir); SshTestbed bed = SshTestbed.on(server)) {
            Path big = dir.resolve("big.bin");
            try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
                byte[] chunk = new byte[1 << 20];
                new java.util.Random(1).nextBytes(chunk);
                for (int i = 0; i < megabytes; i++) {
                    file.write(chunk);
                }
            }
            ScpUploadExecutor upload = new ScpUploadExecutor(
                    new ScpTransfers(bed.pool, new PathGuard(List.of(dir.toString())), bed.keyRoots));
            ScpTransferParams params = new ScpTransferParams("127.0.0.1", server.port, server.user, null,
                    SshTestbed.ref("user-key"), null, null, null, null, big.toString(),
                    dir.resolve("copy-queuemgr.bin").toString(), false, false);
            bed.context("scp.upload").run(upload, params); // warm-up: connection, JIT
            TaskOutcome outcome = bed.context("scp.upload").run(upload, params);
            System.out.printf("queuemgr scp upload %d MB: %.1f MB/s%n", megabytes,
                    ((TaskOutcome.Succeeded) outcome).result().get("mbPerSecond").asDouble());

            long start = System.nanoTime();
            Process scp = new ProcessBuilder("scp", "-q", "-i", server.userKey.toString(), "-P",
                    String.valueOf(server.port), "-o", "UserKnownHostsFile=" + server.knownHosts, "-o",
                    "BatchMode=yes", big.toString(), server.user + "@127.0.0.1:" + dir.resolve("copy-openssh.bin"))
                    .inheritIO().start();
            scp.waitFor(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("openssh scp upload %d MB: %.1f MB/s (exit %d; includes its login)%n", megabytes,
                    megabytes * 1_048_576 / 1e6 / seconds, scp.exitValue());

            SshExecExecutor exec = new SshExecExecutor(bed.pool, bed.keyRoots);
            FakeContext warm = bed.context("ssh.exec");
            warm.run(exec, bed.exec("true"));
            start = System.nanoTime();
            for (int i = 0; i < execs; i++) {
                bed.context("ssh.exec").run(exec, bed.exec("true"));
            }
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ssh.exec true, one after another on a reused connection: %.1f per second%n",
                    execs / seconds);

            // As many one-second commands at once as the pool runs on one host (4 connections of 8 channels).
            int atOnce = bed.config.maxConnectionsPerTarget() * bed.config.sessionsPerConnection();
            List<CompletableFuture<TaskOutcome>> runs = new ArrayList<>();
            start = System.nanoTime();
            for (int i = 0; i < atOnce; i++) {
                runs.add(bed.context("ssh.exec").start(exec, bed.exec("sleep 1")));
            }
            for (var run : runs) {
                FakeContext.await(run, Duration.ofMinutes(5));
            }
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ssh.exec sleep 1, %d started at once on one host: all done in %.1f s%n", atOnce,
                    seconds);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
