package io.queuemgr.executor.ssh;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.executor.SecretOrText;

/**
 * The params of a folder sync: the target, the two folders, which way files go (push: local to remote; pull:
 * remote to local), and whether files only the receiving side has are deleted.
 */
@RegisterForReflection
@SshTarget.Credentials
public record ScpSyncParams(
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
        @NotNull(message = "is required") @Pattern(regexp = "push|pull", message = "must be push or pull") String direction,
        Boolean deleteExtra)
        implements
            SshTarget {

    boolean isPush() {
        return "push".equals(direction);
    }
}
