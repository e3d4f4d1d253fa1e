package io.queuemgr.executor.data;

import java.nio.file.Path;
import java.util.List;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.testing.FakeContext;

/** The child JVM of {@link AnalyzeLargeFileTest}: analyses the file given and prints the result's JSON. */
public final class AnalyzeInSmallHeap {

    private AnalyzeInSmallHeap() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        AnalyzeExecutor analyzer = new AnalyzeExecutor(new PathGuard(List.of(file.getParent().toString())),
                DataLimits::defaults);
        TaskOutcome outcome = FakeContext.forType("data.analyze").run(analyzer,
                new AnalyzeParams(file.toString(), null, List.of(
                        new RowFilter("city", "ne", com.fasterxml.jackson.databind.node.TextNode.valueOf("Nowhere"))),
                        null));
        System.out.println(((TaskOutcome.Succeeded) outcome).result());
        System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
}
