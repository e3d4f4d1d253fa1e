package io.queuemgr.executor.ssh;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.executor.SecretOrText;

/**
 * The params of an SCP upload or download: the target, a local path under the allowed roots, the remote path, and
 * whether folders are copied whole and modes and times kept.
 */
@RegisterForReflection
@SshTarget.Credentials
public record ScpTransferParams(
        @NotBlank(message = "is required") String host,
        @Min(1) @Max(65535) Integer port,
        @NotBlank(message = "is required") String username,
        @SecretOrText JsonNode password,
        @SecretOrText JsonNode privateKey,
        @SecretOrText JsonNode passphrase,
        @KeyFile String keyFile,
        @AllowedPath String knownHosts,
        @Pattern(regexp = SshTarget.POLICIES, message = SshTarget.POLICY_MESSAGE) String hostKeyPolicy,
        @NotBlank(message = "is required") @AllowedPath String localPath,
        @NotBlank(message = "is required") String remotePath,
        Boolean recursive,
        Boolean preserveAttributes)
        implements
            SshTarget {

    boolean isRecursive() {
        return Boolean.TRUE.equals(recursive);
    }

    boolean keepsAttributes() {
        return Boolean.TRUE.equals(preserveAttributes);
    }
}
