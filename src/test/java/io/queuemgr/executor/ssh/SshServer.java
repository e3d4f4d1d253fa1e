package io.queuemgr.executor.ssh;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away OpenSSH server on a free loopback port: its own host key, a user key authorised for the current user,
 * and, when the tests run as root, a throw-away user with a password. {@link #close} stops it and removes the user.
 */
final class SshServer implements AutoCloseable {

    static final String SSHD = "/usr/sbin/sshd";

    final Path dir;
    final int port;
    final String user = System.getProperty("user.name");
    final Path userKey;
    final Path knownHosts;
    final Path log;
    private final String passwordUser;
    private final String password = "pw-" + UUID.randomUUID();
    private final Process process;

    private SshServer(Path dir, int maxSessions) throws IOException, InterruptedException {
        this.dir = dir;
        this.port = freePort();
        this.userKey = dir.resolve("user_ed25519");
        this.log = dir.resolve("sshd.log");
        Path hostKey = dir.resolve("host_ed25519");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", userKey.toString());
        Files.copy(dir.resolve("user_ed25519.pub"), dir.resolve("authorized_keys"));
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, knownHostsLine(Files.readString(dir.resolve("host_ed25519.pub"))));
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n", List.of("Port " + port, "ListenAddress 127.0.0.1",
                "HostKey " + hostKey, "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PermitRootLogin yes",
                "PasswordAuthentication yes", "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
                "LogLevel VERBOSE", "MaxStartups 100", "MaxSessions " + maxSessions,
                // Bash sources ~/.bashrc for every command sshd starts. This machine's root has one that starts
                // pyenv: 0.6 s per command, which made the executor tests wait on the host's shell, not on the
                // executor. The sessions get an empty home; the working directory stays the user's own.
                "SetEnv HOME=" + dir,
                "Subsystem sftp /usr/lib/openssh/sftp-server")) + "\n");
        passwordUser = isRoot() ? "qmssh" + Long.toHexString(System.nanoTime() & 0xffffff) : null;
        if (passwordUser != null) {
            run("useradd", "-M", "-d", dir.toString(), "-s", "/bin/sh", passwordUser);
            Process chpasswd = new ProcessBuilder("chpasswd").start();
            chpasswd.getOutputStream().write((passwordUser + ":" + password + "\n").getBytes());
            chpasswd.getOutputStream().close();
            chpasswd.waitFor(10, TimeUnit.SECONDS);
        }
        process = new ProcessBuilder(SSHD, "-D", "-f", config.toString(), "-E", log.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.out").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.out"))
                    + Files.readString(log));
        }
    }

    static SshServer start(Path dir) throws IOException, InterruptedException {
        return new SshServer(dir, 50);
    }

    /** A server that opens at most {@code maxSessions} channels on one connection (OpenSSH's MaxSessions). */
    static SshServer start(Path dir, int maxSessions) throws IOException, InterruptedException {
        return new SshServer(dir, maxSessions);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The user that logs in with a password, or null when the tests cannot create one (not root). */
    String passwordUser() {
        return passwordUser;
    }

    String password() {
        return password;
    }

    /** The line of a known-hosts file for this server and a public key line ("type base64 comment"). */
    String knownHostsLine(String publicKeyLine) {
        String[] parts = publicKeyLine.strip().split(" ");
        return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n";
    }

    /** How many logins the server has accepted so far ("Accepted publickey for ...", "Accepted password for ..."). */
    long acceptedLogins() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.matches(".*Accepted \\S+ for .*")).count();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        if (passwordUser != null) {
            // The server's children that served this user's sessions may outlive it a moment; userdel refuses a user
            // with processes (seen once in CI).
            await().atMost(Duration.ofSeconds(30)).until(() -> exitCode("pkill", "-KILL", "-u", passwordUser) == 1);
            run("userdel", passwordUser);
        }
    }

    /** pkill's exit code: 0 when it signalled a process, 1 when none matched. */
    private static int exitCode(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
