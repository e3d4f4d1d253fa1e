package io.queuemgr.executor.system;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The params of a system.monitor task: how long CPU is sampled, which disks and processes are shown, and the optional
 * thresholds past which the task fails.
 */
@RegisterForReflection
public record MonitorParams(
        @Min(50) @Max(60_000) Integer sampleMillis,
        @Min(0) @Max(100) Integer top,
        @Pattern(regexp = "cpu|memory", message = "must be cpu or memory") String sortBy,
        List<@NotNull(message = "is required") @NotBlank String> paths,
        @DecimalMin("0") @DecimalMax("100") Double maxCpuPercent,
        @DecimalMin("0") Double maxLoad,
        @Min(0) Long minFreeMemoryMb,
        @DecimalMin("0") @DecimalMax("100") Double maxMemoryPercent,
        @DecimalMin("0") @DecimalMax("100") Double maxDiskPercent) {

    static final int DEFAULT_SAMPLE_MILLIS = 500;
    static final int DEFAULT_TOP = 5;

    int sampleMillisOrDefault() {
        return sampleMillis == null ? DEFAULT_SAMPLE_MILLIS : sampleMillis;
    }

    int topOrDefault() {
        return top == null ? DEFAULT_TOP : top;
    }

    boolean byMemory() {
        return "memory".equals(sortBy);
    }
}
