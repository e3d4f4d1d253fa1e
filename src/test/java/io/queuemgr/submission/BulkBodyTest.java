package io.queuemgr.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.submission.BulkBody.Item;

/** How a bulk body is cut into the submissions POST /api/tasks would have been given. */
class BulkBodyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<Item> split(String body, int maxItems) {
        return BulkBody.split(MAPPER, body.getBytes(StandardCharsets.UTF_8), maxItems);
    }

    private static String text(Item item) {
        return new String(item.submission(), StandardCharsets.UTF_8);
    }

    @Test
    void eachElementIsPassedOnByteForByteWhenItHasNoKey() {
        var items = split(" [ {\"type\":\"noop\", \"params\":{\"a\":[1,{\"b\":\"}\"}]}} ,{\"type\":\"é\"} ] ", 10);
        assertThat(items).extracting(BulkBodyTest::text)
                .containsExactly("{\"type\":\"noop\", \"params\":{\"a\":[1,{\"b\":\"}\"}]}}", "{\"type\":\"é\"}");
        assertThat(items).extracting(Item::idempotencyKey).containsOnlyNulls();
    }

    @Test
    void theKeyIsTakenOutOfTheSubmission() {
        var item = split("[{\"type\":\"noop\",\"idempotencyKey\":\"k-1\",\"priority\":3}]", 10).getFirst();
        assertThat(item.idempotencyKey()).isEqualTo("k-1");
        assertThat(text(item)).isEqualTo("{\"type\":\"noop\",\"priority\":3}");
    }

    @Test
    void aNullKeyIsNoKeyAndLeavesTheSubmission() {
        var item = split("[{\"type\":\"noop\",\"idempotencyKey\":null}]", 10).getFirst();
        assertThat(item.idempotencyKey()).isNull();
        assertThat(text(item)).isEqualTo("{\"type\":\"noop\"}");
    }

    @Test
    void aKeyThatIsNotTextIsThatItemsProblemAlone() {
        var items = split("[{\"idempotencyKey\":7},{\"type\":\"noop\"}]", 10);
        assertThat(items.getFirst().problem().fieldErrors()).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
        assertThat(items.get(1).problem()).isNull();
    }

    @Test
    void anElementThatIsNotAnObjectIsThatItemsProblemAlone() {
        var items = split("[1, [2, 3], \"x\", {\"type\":\"noop\"}]", 10);
        assertThat(items).hasSize(4);
        assertThat(items.subList(0, 3)).allSatisfy(i -> assertThat(i.problem().getMessage()).contains("JSON object"));
        assertThat(text(items.get(3))).isEqualTo("{\"type\":\"noop\"}");
    }

    @Test
    void oneItemOverTheLimitIsRefusedAsTooLarge() {
        assertThat(split("[{},{}]", 2)).hasSize(2);
        assertThatThrownBy(() -> split("[{},{},{}]", 2)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void aBodyThatIsNotOneJsonArrayIsRefusedWhole() {
        for (String body : List.of("{\"type\":\"noop\"}", "[{}] []", "[{\"type\":", "")) {
            assertThatThrownBy(() -> split(body, 10)).as(body).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
