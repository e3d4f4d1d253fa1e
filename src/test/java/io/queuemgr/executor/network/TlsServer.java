package io.queuemgr.executor.network;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS server on loopback with a throw-away self-signed certificate (for localhost and 127.0.0.1 unless told
 * otherwise) made by keytool for the test and valid for the days asked; it completes each handshake and hangs up.
 */
final class TlsServer implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore keys;
    private final ServerSocket server;
    private final Thread acceptor;

    TlsServer(Path dir, int validDays) throws IOException, GeneralSecurityException, InterruptedException {
        this(dir, validDays, "localhost", "SAN=dns:localhost,ip:127.0.0.1");
    }

    /** A server whose certificate names {@code commonName} and the subject alternative names given. */
    TlsServer(Path dir, int validDays, String commonName, String alternativeNames)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path store = Files.createTempFile(dir, "server", ".p12");
        Files.delete(store);
        Files.deleteIfExists(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + commonName, "-ext", alternativeNames, "-validity", Integer.toString(validDays),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass",
                "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(km.getKeyManagers(), null, null);
        server = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                ((SSLSocket) client).startHandshake();
            } catch (IOException e) {
                // A client that gave up mid-handshake, or the server closing: the next one is served.
            }
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** A client context that trusts this server's certificate, as a CA bundle the operator added would. */
    SSLContext trustingIt() throws GeneralSecurityException {
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try {
            trust.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        tm.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tm.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(5_000);
    }
}
