package io.queuemgr.executor.ssh;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.executor.SecretOrText;

/** The params of an SSH connection test: only where to log in and how. */
@RegisterForReflection
@SshTarget.Credentials
public record SshConnectParams(
        @NotBlank(message = "is required") String host,
        @Min(1) @Max(65535) Integer port,
        @NotBlank(message = "is required") String username,
        @SecretOrText JsonNode password,
        @SecretOrText JsonNode privateKey,
        @SecretOrText JsonNode passphrase,
        @KeyFile String keyFile,
        @AllowedPath String knownHosts,
        @Pattern(regexp = SshTarget.POLICIES, message = SshTarget.POLICY_MESSAGE) String hostKeyPolicy)
        implements
            SshTarget {
}
