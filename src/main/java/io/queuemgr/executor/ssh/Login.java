package io.queuemgr.executor.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;

import io.queuemgr.executor.ExecutionContext;

/**
 * A task's credential, resolved: a password and the key pairs to offer. {@link #identity} tells credentials apart
 * in the connection pool without keeping the secret itself as a key.
 */
record Login(String password, List<KeyPair> keys, String identity) {

    static {
        MinaProviders.configure();
    }

    /** Resolves the task's secrets and reads its key file; blocks on file I/O. */
    static Login of(SshTarget target, ExecutionContext context, KeyFileRoots keyRoots) {
        String password = context.secrets().resolve("params.password", target.password());
        String keyText = context.secrets().resolve("params.privateKey", target.privateKey());
        String passphrase = context.secrets().resolve("params.passphrase", target.passphrase());
        List<KeyPair> keys = new ArrayList<>();
        if (keyText != null) {
            keys.addAll(parse("params.privateKey", keyText.getBytes(StandardCharsets.UTF_8), passphrase));
        }
        if (target.keyFile() != null) {
            keyRoots.checkWhenRunning(target.keyFile());
            keys.addAll(parse(target.keyFile(), readKeyFile(Path.of(target.keyFile())), passphrase));
        }
        return new Login(password, List.copyOf(keys), identity(password, keys));
    }

    void offerTo(ClientSession session) {
        if (password != null) {
            session.addPasswordIdentity(password);
        }
        keys.forEach(session::addPublicKeyIdentity);
    }

    private static byte[] readKeyFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw SshErrors.SSH_KEY_UNUSABLE.failure("The key file " + file + " does not exist",
                    Map.of("keyFile", file.toString()));
        } catch (IOException e) {
            throw SshErrors.SSH_KEY_UNUSABLE.failure("The key file " + file + " could not be read: " + e.getMessage(),
                    Map.of("keyFile", file.toString()));
        }
    }

    private static List<KeyPair> parse(String source, byte[] text, String passphrase) {
        List<KeyPair> keys = new ArrayList<>();
        try {
            Iterable<KeyPair> found = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(source),
                    new ByteArrayInputStream(text), passphrase == null ? null : FilePasswordProvider.of(passphrase));
            if (found != null) {
                found.forEach(keys::add);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw SshErrors.SSH_KEY_UNUSABLE.failure("The private key (" + source + ") could not be read"
                    + (passphrase == null ? " (it may need a passphrase)" : "") + ": " + e.getMessage(),
                    Map.of("key", source));
        }
        if (keys.isEmpty()) {
            throw SshErrors.SSH_KEY_UNUSABLE.failure("No private key found in " + source, Map.of("key", source));
        }
        return keys;
    }

    private static String identity(String password, List<KeyPair> keys) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (password != null) {
                digest.update(("password:" + password + "\n").getBytes(StandardCharsets.UTF_8));
            }
            keys.forEach(k -> digest.update(("key:" + KeyUtils.getFingerPrint(k.getPublic()) + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
