package io.queuemgr.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Looks for texts everywhere the service keeps or shows data, byte for byte, and answers where each was found:
 * {@code topic t partition 3 offset 17 value}, {@code table public.audit_log row 2}, …. Several texts are looked for
 * in one pass, as reading every topic of the broker is the slow part.
 */
public final class LeakSearch {

    private static final Duration READ_TO_END = Duration.ofSeconds(60);
    private static final Duration QUERY = Duration.ofSeconds(30);

    private final List<Needle> needles;

    /** One text: as it is, as its UTF-8 bytes one char each (so that String.indexOf searches raw bytes) and as hex. */
    private record Needle(String text, String bytes, String hex) {

        static Needle of(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return new Needle(text, new String(utf8, StandardCharsets.ISO_8859_1), HexFormat.of().formatHex(utf8));
        }
    }

    private LeakSearch(List<Needle> needles) {
        this.needles = needles;
    }

    public static LeakSearch of(String... texts) {
        return new LeakSearch(Arrays.stream(texts).distinct().map(Needle::of).toList());
    }

    /**
     * Every record of every topic of the broker (internal ones too), from the start: keys, values, headers. Answers
     * where each text was found, by text (an empty list when nowhere).
     */
    public Map<String, List<String>> inTopics(String bootstrap) {
        Map<String, List<String>> found = nothingFound();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TO_END.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics not read to their end within " + READ_TO_END);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String at = "topic " + r.topic() + " partition " + r.partition() + " offset " + r.offset();
                    check(r.key(), at + " key", found);
                    check(r.value(), at + " value", found);
                    for (Header h : r.headers()) {
                        check(h.key().getBytes(StandardCharsets.UTF_8), at + " header name " + h.key(), found);
                        check(h.value(), at + " header " + h.key(), found);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not list the topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** Every row of every table and view of the database, outside PostgreSQL's own schemas, as its text form. */
    public Map<String, List<String>> inTables(Pool pool) {
        Map<String, List<String>> found = nothingFound();
        var tables = pool.query("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name"
                + " FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                + " ORDER BY 1").execute().await().atMost(QUERY);
        for (Row table : tables) {
            String name = table.getString("name");
            int n = 0;
            for (Row row : pool.query("SELECT t::text AS row FROM " + name + " t").execute().await().atMost(QUERY)) {
                n++;
                String content = row.getString("row");
                for (Needle needle : needles) {
                    if (content != null && (content.contains(needle.text()) || content.contains(needle.hex()))) {
                        found.get(needle.text()).add("table " + name + " row " + n + ": " + around(content,
                                content.contains(needle.text()) ? needle.text() : needle.hex()));
                    }
                }
            }
        }
        return found;
    }

    /** The file from {@code offset} on (from its start when it is shorter, rotated meanwhile); nothing if absent. */
    public Map<String, List<String>> inFile(Path file, long offset) {
        Map<String, List<String>> found = nothingFound();
        if (!Files.exists(file)) {
            return found;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            int from = all.length >= offset ? (int) offset : 0;
            String content = new String(all, from, all.length - from, StandardCharsets.ISO_8859_1);
            for (Needle needle : needles) {
                int at = content.indexOf(needle.bytes());
                while (at >= 0) {
                    int lineStart = content.lastIndexOf('\n', at) + 1;
                    int lineEnd = content.indexOf('\n', at);
                    found.get(needle.text()).add(file + ": " + content.substring(lineStart, lineEnd < 0
                            ? content.length()
                            : lineEnd));
                    at = content.indexOf(needle.bytes(), lineEnd < 0 ? content.length() : lineEnd);
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One answer or document, named by {@code where}. */
    public Map<String, List<String>> inText(String where, String content) {
        Map<String, List<String>> found = nothingFound();
        for (Needle needle : needles) {
            if (content != null && content.contains(needle.text())) {
                found.get(needle.text()).add(where + ": " + around(content, needle.text()));
            }
        }
        return found;
    }

    private Map<String, List<String>> nothingFound() {
        Map<String, List<String>> found = new LinkedHashMap<>();
        needles.forEach(n -> found.put(n.text(), new ArrayList<>()));
        return found;
    }

    private void check(byte[] data, String where, Map<String, List<String>> found) {
        if (data == null) {
            return;
        }
        String raw = new String(data, StandardCharsets.ISO_8859_1);
        for (Needle needle : needles) {
            if (raw.contains(needle.bytes())) {
                found.get(needle.text()).add(where + ": " + around(new String(data, StandardCharsets.UTF_8),
                        needle.text()));
            }
        }
    }

    /** The first occurrence with some context, so that a failure shows what held it. */
    private static String around(String content, String hit) {
        int at = Math.max(0, content.indexOf(hit));
        int from = Math.max(0, at - 100);
        int to = Math.min(content.length(), at + hit.length() + 100);
        return (from > 0 ? "…" : "") + content.substring(from, to) + (to < content.length() ? "…" : "");
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return new KafkaConsumer<>(p);
    }
}
