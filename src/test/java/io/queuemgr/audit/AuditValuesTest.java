package io.queuemgr.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AuditValuesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aCursorReadsBackAsTheSameTimeAndId() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2026-03-04T05:06:07.123456Z"), UUID.randomUUID());
        assertThat(AuditCursor.decode(cursor.encode())).isEqualTo(cursor);
        AuditCursor early = new AuditCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), UUID.randomUUID());
        assertThat(AuditCursor.decode(early.encode())).isEqualTo(early);
    }

    @Test
    void textThatIsNotACursorIsRefused() {
        assertThatThrownBy(() -> AuditCursor.decode("%%%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditCursor.decode("bm8tY29sb24")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longTextsAreCutSoThatAnEventStaysSmall() {
        String huge = "x".repeat(10_000);
        AuditEvent e = AuditEvent.of(T0, huge, "task.submit", huge, Map.of("reason", huge));
        assertThat(e.principal()).hasSize(AuditEvent.MAX_PRINCIPAL).endsWith("…");
        assertThat(e.target()).hasSize(AuditEvent.MAX_TARGET);
        assertThat(e.details().get("reason")).hasSize(AuditEvent.MAX_DETAIL_VALUE);
    }

    @Test
    void charactersNoStoreCanHoldAreReplacedNotRefused() {
        AuditEvent e = AuditEvent.of(T0, "a\u0000b", "task.submit", "\ud800t", Map.of("k\udc00", "v\u0000"));
        assertThat(e.principal()).isEqualTo("a\ufffdb");
        assertThat(e.target()).isEqualTo("\ufffdt");
        assertThat(e.details()).containsExactly(Map.entry("k\ufffd", "v\ufffd"));
        assertThat(AuditEvent.of(T0, "\ud83d\ude00", "task.submit", null, null).principal()).isEqualTo("\ud83d\ude00");
    }
}
