package io.queuemgr.executor.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.http.WebhookParams;
import io.queuemgr.guard.DestinationGuard;
import io.queuemgr.guard.DestinationPolicy;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.testing.PlainRecords;

/** The network types' params as submission checks them, under the default guard and scan policy. */
class NetworkParamsTest {

    private final DestinationGuard guard = new DestinationGuard(new DestinationPolicy(List.of(), List.of()));
    private final JsonRecords records = PlainRecords.with(new AllowedHost.Check(guard),
            new WebhookParams.Url.Check(guard), new NetworkScanParams.WithinScanPolicy.Check(
                    new ScanPolicy(List.of("127.0.0.0/8", "::1/128"), 100, 20)));

    private List<FieldError> errors(Class<?> type, String params) throws Exception {
        return records.read(PlainRecords.MAPPER.readTree(params), type, "params", "is not a parameter").errors();
    }

    private List<String> fields(Class<?> type, String params) throws Exception {
        return errors(type, params).stream().map(FieldError::field).toList();
    }

    @Test
    void eachKindOfTestNamesTheFieldItIsMissing() throws Exception {
        assertThat(errors(NetworkTestParams.class, "{\"kind\":\"http\"}"))
                .containsExactly(new FieldError("params.url", "is required for kind http"));
        assertThat(errors(NetworkTestParams.class, "{\"kind\":\"tcp\",\"host\":\"db\"}"))
                .containsExactly(new FieldError("params.port", "is required for kind tcp"));
        assertThat(fields(NetworkTestParams.class, "{\"kind\":\"dns\"}")).containsExactly("params.host");
        assertThat(fields(NetworkTestParams.class, "{\"kind\":\"ping\",\"host\":\"db\"}"))
                .containsExactly("params.kind");
    }

    @Test
    void fieldsOfAnotherKindAreRefusedRatherThanIgnored() throws Exception {
        assertThat(fields(NetworkTestParams.class, "{\"kind\":\"tcp\",\"host\":\"db\",\"port\":5432,"
                + "\"minDaysValid\":10}")).containsExactly("params.minDaysValid");
        assertThat(fields(NetworkTestParams.class, "{\"kind\":\"http\",\"url\":\"http://db/\",\"port\":80}"))
                .containsExactly("params.port");
    }

    @Test
    void aWellFormedTestOfEachKindPasses() throws Exception {
        assertThat(errors(NetworkTestParams.class, "{\"kind\":\"tcp\",\"host\":\"db\",\"port\":5432}")).isEmpty();
        assertThat(errors(NetworkTestParams.class, "{\"kind\":\"http\",\"url\":\"https://example.com/health\","
                + "\"expectedStatus\":[200,401],\"timeoutMillis\":2000}")).isEmpty();
        assertThat(errors(NetworkTestParams.class, "{\"kind\":\"dns\",\"host\":\"example.com\"}")).isEmpty();
        assertThat(errors(NetworkTestParams.class, "{\"kind\":\"tls\",\"host\":\"example.com\","
                + "\"minDaysValid\":14,\"insecure\":false}")).isEmpty();
    }

    @Test
    void aLiteralAddressTheGuardDeniesIsRefusedAtSubmission() throws Exception {
        List<FieldError> errors = errors(NetworkTestParams.class,
                "{\"kind\":\"tcp\",\"host\":\"169.254.169.254\",\"port\":80}");
        assertThat(errors).extracting(FieldError::field).containsExactly("params.host");
        assertThat(errors.get(0).message()).contains("not an allowed destination");
        assertThat(fields(NetworkTestParams.class, "{\"kind\":\"http\",\"url\":\"http://169.254.169.254/\"}"))
                .containsExactly("params.url");
    }

    @Test
    void aScanOfALiteralAddressOutsideTheAllowedRangesIsRefusedAtSubmission() throws Exception {
        List<FieldError> errors = errors(NetworkScanParams.class, "{\"host\":\"192.0.2.10\",\"ports\":\"22\"}");
        assertThat(errors).extracting(FieldError::field).containsExactly("params.host");
        assertThat(errors.get(0).message()).contains("queuemgr.network.scan-allowed-cidrs");
        assertThat(errors(NetworkScanParams.class, "{\"host\":\"::1\",\"ports\":[22,\"80-90\"]}")).isEmpty();
    }

    @Test
    void scanPortsAreRangesWithinTheOperatorsLimits() throws Exception {
        assertThat(errors(NetworkScanParams.class, "{\"host\":\"127.0.0.1\",\"ports\":\"1-101\"}"))
                .containsExactly(new FieldError("params.ports",
                        "holds more than 100 ports (queuemgr.network.scan-max-ports)"));
        assertThat(fields(NetworkScanParams.class, "{\"host\":\"127.0.0.1\",\"ports\":\"90-80\"}"))
                .containsExactly("params.ports");
        assertThat(fields(NetworkScanParams.class, "{\"host\":\"127.0.0.1\",\"ports\":[true]}"))
                .containsExactly("params.ports");
        assertThat(fields(NetworkScanParams.class, "{\"host\":\"127.0.0.1\",\"ports\":\"80\",\"concurrency\":21}"))
                .containsExactly("params.concurrency");
        // The default, ports 1 to 1024, is more than this operator's 100.
        assertThat(fields(NetworkScanParams.class, "{\"host\":\"127.0.0.1\"}")).containsExactly("params.ports");
    }

    @Test
    void aMonitorTellsTheFieldsOfItsTestUnderTest() throws Exception {
        assertThat(fields(NetworkMonitorParams.class, "{\"test\":{\"kind\":\"tcp\",\"host\":\"db\"},"
                + "\"durationSeconds\":60}")).containsExactly("params.test.port");
        assertThat(fields(NetworkMonitorParams.class, "{\"test\":{\"kind\":\"dns\",\"host\":\"db\"}}"))
                .containsExactly("params.durationSeconds");
        assertThat(fields(NetworkMonitorParams.class, "{\"test\":{\"kind\":\"dns\",\"host\":\"db\"},"
                + "\"durationSeconds\":604800,\"intervalSeconds\":1}")).containsExactly("params.intervalSeconds");
        assertThat(fields(NetworkMonitorParams.class, "{\"test\":{\"kind\":\"dns\",\"host\":\"db\"},"
                + "\"durationSeconds\":60,\"minAvailabilityPercent\":101}"))
                .containsExactly("params.minAvailabilityPercent");
        assertThat(errors(NetworkMonitorParams.class, "{\"test\":{\"kind\":\"dns\",\"host\":\"db\"},"
                + "\"durationSeconds\":60,\"intervalSeconds\":0.5,\"minAvailabilityPercent\":99.5}")).isEmpty();
    }
}
