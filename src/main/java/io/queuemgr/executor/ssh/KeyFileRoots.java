package io.queuemgr.executor.ssh;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.guard.PathGuard;

/**
 * The folders private key files may be read from (queuemgr.ssh.key-file-roots), kept apart from the roots transfers
 * may read so that an upload cannot send a key away.
 */
@ApplicationScoped
public class KeyFileRoots {

    private final PathGuard guard;

    public KeyFileRoots(SshConfig config) {
        this.guard = new PathGuard(config.keyFileRoots());
    }

    /** What is wrong with a keyFile param at submission, or null when it lies under a root. */
    String problem(String path) {
        String problem = guard.problem(path);
        return problem == null ? null : problem.replace("queuemgr.guard.path-roots", "queuemgr.ssh.key-file-roots");
    }

    /** Fails with PATH_NOT_ALLOWED when the key file, links followed, leads outside the roots. */
    void checkWhenRunning(String path) {
        guard.checkWhenRunning("params.keyFile", path);
    }
}
