package io.queuemgr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.cli.monitor.MonitorState;
import io.queuemgr.cli.monitor.MonitorView;

/** The CLI's pure parts: settings precedence, problem lines, event parsing, parameter values, monitor frames. */
class CliOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
        Path file = Files.createDirectories(home.resolve(".config/queuemgr")).resolve("cli.properties");
        Files.writeString(file, "url=http://from-file:1\ntoken=file-token\n");

        assertThat(CliSettings.resolve(null, null, Map.of(), home).server()).hasToString("http://from-file:1");
        assertThat(CliSettings.resolve(null, null, Map.of(), home).token()).isEqualTo("file-token");
        var env = Map.of("QUEUEMGR_URL", "http://from-env:2/", "QUEUEMGR_TOKEN", "env-token");
        assertThat(CliSettings.resolve(null, null, env, home).server()).hasToString("http://from-env:2");
        assertThat(CliSettings.resolve("http://flag:3", "flag-token", env, home).token()).isEqualTo("flag-token");
    }

    @Test
    void aTokenFileIsReadAndTrimmed() throws Exception {
        Path token = Files.writeString(home.resolve("token"), "qm_from-file\n");

        assertThat(CliSettings.resolve(null, null, Map.of("QUEUEMGR_TOKEN_FILE", token.toString()), home).token())
                .isEqualTo("qm_from-file");
    }

    @Test
    void aProblemIsOneLineWithTitleDetailAndFieldErrors() {
        String line = Problems.describe(400,
                """
                        {"title":"Invalid request","status":400,"detail":"2 invalid fields",
                         "errors":[{"field":"params.command","message":"is required"},{"field":"priority","message":"0-9"}]}""");

        assertThat(line)
                .isEqualTo("Invalid request (400): 2 invalid fields [params.command is required; priority 0-9]");
        assertThat(Problems.describe(502, "<html>bad\ngateway</html>")).isEqualTo("HTTP 502: <html>bad gateway</html>");
    }

    @Test
    void serverSentEventsAreParsedAndCommentsDropped() {
        SseParser parser = new SseParser();
        assertThat(parser.line(": watching")).isEmpty();
        assertThat(parser.line("event: task")).isEmpty();
        assertThat(parser.line("id: 0-12")).isEmpty();
        assertThat(parser.line("data: {\"a\":1}")).isEmpty();

        assertThat(parser.line("")).contains(new SseParser.Event("task", "0-12", "{\"a\":1}"));
        assertThat(parser.line("")).isEmpty();
    }

    @Test
    void aParameterIsJsonUnlessItsSchemaSaysText() throws Exception {
        assertThat(SubmissionFlags.value("2000").isNumber()).isTrue();
        assertThat(SubmissionFlags.value("[\"a\",\"b\"]").isArray()).isTrue();
        assertThat(SubmissionFlags.value("echo hi").asText()).isEqualTo("echo hi");
        assertThat(SubmissionFlags.value("123abc").isTextual()).isTrue();
        assertThat(SubmissionFlags.isText(JSON.readTree("{\"type\":\"string\"}"))).isTrue();
        assertThat(SubmissionFlags.isText(JSON.readTree("{\"type\":[\"string\",\"null\"]}"))).isTrue();
        assertThat(SubmissionFlags.isText(JSON.readTree("{\"type\":\"boolean\"}"))).isFalse();
        assertThat(SubmissionFlags.isText(JSON.readTree("{}"))).isFalse();
    }

    @Test
    void theMonitorFrameShowsQueuesRunningTasksWithBarsAndFailuresWithinTheScreen() throws Exception {
        MonitorState state = new MonitorState();
        state.queues(List.of(new MonitorState.QueueLine("reports", false, 7, 2, 4, 1.5, 0.25)));
        state.task(JSON.readTree("""
                {"id":"01a2-running-task-000001","queue":"reports","type":"command","status":"RUNNING",
                 "progress":50,"currentStep":"copying","startedAt":"2026-01-01T00:00:00Z"}"""));
        state.task(JSON.readTree("""
                {"id":"01a2-failed-task-0000002","queue":"reports","type":"webhook","status":"FAILED",
                 "error":{"code":"HTTP_STATUS_UNEXPECTED","message":"500 from the host"}}"""));

        List<String> lines = MonitorView.lines(state.snapshot(), "http://q:8080", LocalTime.NOON, 120, 30);

        assertThat(String.join("\n", lines)).contains("reports", "active", "25.0", "RUNNING (1)",
                "01a2-running-task-000001", "[##########..........]  50% copying", "RECENT FAILURES",
                "HTTP_STATUS_UNEXPECTED", "500 from the host");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
        assertThat(MonitorView.lines(state.snapshot(), "http://q:8080", LocalTime.NOON, 40, 5)).hasSize(5)
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(40));
    }
}
