package io.queuemgr.executor.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.queuemgr.testing.ConfigDefaults;

class DataLimitsTest {

    @Test
    void theDefaultsOfTheConfigurationAreTheLimitsUnitTestsUse() {
        assertThat(DataLimits.of(ConfigDefaults.of(DataConfig.class))).isEqualTo(DataLimits.defaults());
    }

    @Test
    void aTaskMayLowerTheInputLimitButNotRaiseIt() {
        DataLimits limits = new DataLimits(100, 10, 10, 10, 10);
        assertThat(limits.inputBytes(null)).isEqualTo(100);
        assertThat(limits.inputBytes(5L)).isEqualTo(5);
        assertThat(limits.inputBytes(500L)).isEqualTo(100);
    }
}
