import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What routing reads between instances with split holding costs at the client: one sequential client with HTTP
 * keep-alive times each kind of read through each instance, and prints p50 and p99 per kind as markdown rows.
 * <ul>
 * <li>{@code GET /api/tasks/{id}} of tasks the instance holds, and of tasks another instance holds (asked of every
 * other member at once, the holder's answer relayed);</li>
 * <li>{@code GET /api/tasks?limit=50}: the instance's own page ({@code Queuemgr-Scope: instance}), and every
 * holder's pages merged;</li>
 * <li>the same with a filter that matches nothing ({@code status=RUNNING} over finished tasks).</li>
 * </ul>
 * {@code java bench/RoutingProbe.java --token T --reads N http://127.0.0.1:18101 http://127.0.0.1:18102 ...}
 */
public class RoutingProbe {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static String token;

    public static void main(String[] args) throws Exception {
        int reads = 2000;
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--token" -> token = args[++i];
                case "--reads" -> reads = Integer.parseInt(args[++i]);
                default -> bases.add(args[i]);
            }
        }
        if (token == null || bases.size() < 2) {
            throw new IllegalArgumentException("usage: RoutingProbe --token T [--reads N] BASE BASE [BASE...]");
        }
        // The tasks each instance holds, as it lists them itself.
        List<List<String>> held = new ArrayList<>();
        for (String base : bases) {
            List<String> ids = ids(get(base + "/api/tasks?limit=1000", true));
            if (ids.isEmpty()) {
                throw new IllegalStateException(base + " holds no task: nothing to read by id");
            }
            held.add(ids);
        }
        long[][] local = new long[bases.size()][];
        long[][] forwarded = new long[bases.size()][];
        long[][] ownPage = new long[bases.size()][];
        long[][] merged = new long[bases.size()][];
        long[][] ownEmpty = new long[bases.size()][];
        long[][] mergedEmpty = new long[bases.size()][];
        for (int round = 0; round < 2; round++) {
            // The first round warms both sides up; the second is measured.
            for (int i = 0; i < bases.size(); i++) {
                String base = bases.get(i);
                List<String> mine = held.get(i);
                List<String> theirs = held.get((i + 1) % bases.size());
                local[i] = time(reads, n -> base + "/api/tasks/" + mine.get(n % mine.size()), false);
                forwarded[i] = time(reads, n -> base + "/api/tasks/" + theirs.get(n % theirs.size()), false);
                ownPage[i] = time(reads / 4, n -> base + "/api/tasks?limit=50", true);
                merged[i] = time(reads / 4, n -> base + "/api/tasks?limit=50", false);
                ownEmpty[i] = time(reads / 4, n -> base + "/api/tasks?status=RUNNING&limit=50", true);
                mergedEmpty[i] = time(reads / 4, n -> base + "/api/tasks?status=RUNNING&limit=50", false);
            }
        }
        System.out.println("| read, one sequential client, " + bases.size() + " instances | p50 ms | p99 ms |");
        System.out.println("| --- | ---: | ---: |");
        row("`GET /api/tasks/{id}`, held by the instance asked", local);
        row("`GET /api/tasks/{id}`, held by another instance", forwarded);
        row("`GET /api/tasks?limit=50`, the instance's own page", ownPage);
        row("`GET /api/tasks?limit=50`, every holder's pages merged", merged);
        row("`GET /api/tasks?status=RUNNING` (no match), the instance's own", ownEmpty);
        row("`GET /api/tasks?status=RUNNING` (no match), every holder asked", mergedEmpty);
    }

    interface Url {
        String of(int n);
    }

    private static long[] time(int count, Url url, boolean own) throws Exception {
        long[] nanos = new long[count];
        for (int n = 0; n < count; n++) {
            long begin = System.nanoTime();
            get(url.of(n), own);
            nanos[n] = System.nanoTime() - begin;
        }
        return nanos;
    }

    private static void row(String what, long[][] perInstance) {
        long[] all = Arrays.stream(perInstance).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("| %s | %.2f | %.2f |%n", what, all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6);
    }

    private static String get(String url, boolean own) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                "Bearer " + token).timeout(Duration.ofSeconds(10));
        if (own) {
            request.header("Queuemgr-Scope", "instance");
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private static List<String> ids(String page) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
