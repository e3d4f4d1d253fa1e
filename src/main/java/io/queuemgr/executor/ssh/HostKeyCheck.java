package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.session.SessionContext;

import io.queuemgr.task.TaskFailure;

/**
 * Checks one connection's host key against a known-hosts file, as OpenSSH's StrictHostKeyChecking yes (or
 * accept-new: an unknown host's key is appended). Why a key was refused is kept, because MINA only closes the
 * session.
 */
final class HostKeyCheck {

    /** Where the client-wide verifier finds the check of the connection it is asked about. */
    static final AttributeKey<HostKeyCheck> KEY = new AttributeKey<>();

    private static final Object APPENDING = new Object();

    private final Path file;
    private final boolean acceptNew;
    private final String host;
    private final int port;
    private volatile TaskFailure refusal;

    HostKeyCheck(Path file, boolean acceptNew, String host, int port) {
        this.file = file;
        this.acceptNew = acceptNew;
        this.host = host;
        this.port = port;
    }

    /** Why the key was refused, or null when it was accepted (or not yet seen). */
    TaskFailure refusal() {
        return refusal;
    }

    boolean accepts(SessionContext session, PublicKey key) {
        Map<String, String> context = Map.of("host", host, "port", String.valueOf(port), "knownHosts",
                file.toString(), "fingerprint", KeyUtils.getFingerPrint(key));
        try {
            boolean changed = false;
            for (KnownHostEntry entry : entries()) {
                PublicKey known = entry.getKeyEntry() == null || !entry.isHostMatch(host, port)
                        ? null
                        : entry.getKeyEntry().resolvePublicKey(session, Map.of(), PublicKeyEntryResolver.IGNORING);
                if (known != null && KeyUtils.compareKeys(known, key)) {
                    return true;
                }
                changed |= known != null && KeyUtils.getKeyType(known).equals(KeyUtils.getKeyType(key));
            }
            if (changed) {
                refusal = SshErrors.SSH_HOST_KEY_MISMATCH.failure("The " + KeyUtils.getKeyType(key) + " key of "
                        + hostName() + " is not the one in " + file, context);
                return false;
            }
            if (acceptNew) {
                append(key);
                return true;
            }
            refusal = SshErrors.SSH_HOST_KEY_UNKNOWN.failure(hostName() + " is not in " + file, context);
            return false;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            refusal = SshErrors.SSH_HOST_KEY_UNKNOWN.failure("The known-hosts file " + file
                    + " could not be read or written: " + e.getMessage(), context);
            return false;
        }
    }

    private List<KnownHostEntry> entries() throws IOException {
        return Files.exists(file) ? KnownHostEntry.readKnownHostEntries(file) : List.of();
    }

    private void append(PublicKey key) throws IOException {
        String line = hostName() + " " + PublicKeyEntry.toString(key) + "\n";
        synchronized (APPENDING) {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The host as a known-hosts file names it: bracketed with its port unless that is 22. */
    private String hostName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
