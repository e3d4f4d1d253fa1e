package io.queuemgr.executor.ssh;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.task.ErrorKind;

/** The codes of SSH commands and SCP transfers. */
public enum SshErrors implements ErrorKind {
    SSH_CONNECTION_FAILED(About.transientFailure("The SSH server could not be reached or closed the connection.",
            "Check host and port, and that sshd runs there", "Check firewalls between the service and the host")),
    SSH_AUTHENTICATION_FAILED(About.permanent("The SSH server refused the user's password or key.",
            "Check username and the secret the task references", "Check authorized_keys and sshd's log on the host")),
    SSH_HOST_KEY_UNKNOWN(About.permanent("The host's key is not in the known-hosts file.",
            "Add the host's key to the known-hosts file (ssh-keyscan, then check its fingerprint)",
            "Or submit once with hostKeyPolicy accept-new")),
    SSH_HOST_KEY_MISMATCH(About.permanent(
            "The host's key differs from the one in the known-hosts file: the host was rebuilt, or someone is in between.",
            "Check with the host's owner that its key changed", "Then replace its line in the known-hosts file")),
    SSH_KEY_UNUSABLE(About.permanent("The private key could not be read or decrypted.",
            "Check that the key is in OpenSSH or PEM format", "Give its passphrase as a secret")),
    SSH_COMMAND_FAILED(About.transientFailure("The remote command ended with a non-zero exit status.",
            "Read stderr in the task log", "Run the command by hand over ssh")),
    SSH_COMMAND_NOT_FOUND(About.permanent("The remote shell did not find the command (exit 127).",
            "Check the command is installed on the host and on the PATH of non-interactive shells")),
    SSH_CHANNEL_FAILED(
            About.transientFailure("The SSH server refused to open a channel or ended it without an exit status.",
                    "Check MaxSessions and the server's log", "Retry")),
    SCP_REMOTE_PATH_NOT_FOUND(About.permanent("The remote file or directory does not exist.",
            "Check remotePath on the host", "Create the remote directory first")),
    SCP_LOCAL_PATH_NOT_FOUND(About.permanent("The local file or directory does not exist on the service's host.",
            "Check localPath", "Check that it is under the allowed roots")),
    SCP_PERMISSION_DENIED(About.permanent("The remote or local side refused to read or write a file.",
            "Check the owner and mode of the path", "Log in as a user that may write there")),
    SCP_TRANSFER_FAILED(
            About.transientFailure("The transfer broke off.", "Retry", "Check disk space on the receiving side")),
    SSH_COMMAND_TIMEOUT(About.transientFailure(
            "The remote command ran longer than its timeoutSeconds and was killed.",
            "Raise timeoutSeconds if the command needs longer", "Check on the host what the command waits for"));

    private final About about;

    SshErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<SshErrors> {

        Family() {
            super("ssh", SshErrors.class);
        }
    }
}
