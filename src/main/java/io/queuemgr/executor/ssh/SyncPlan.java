package io.queuemgr.executor.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a sync does, from both sides' files by relative path: copy what the receiving side lacks or holds with
 * another size or modification time (to the second: SCP and SFTP carry no finer time), skip the rest, and with
 * deleteExtra delete what only the receiving side has.
 */
record SyncPlan(List<FileState> copy, List<FileState> skip, List<String> delete) {

    /** A file's size and modification time in whole seconds. */
    record FileState(String relative, long size, long modifiedSeconds) {
    }

    static SyncPlan of(Map<String, FileState> source, Map<String, FileState> destination, boolean deleteExtra) {
        List<FileState> copy = new ArrayList<>();
        List<FileState> skip = new ArrayList<>();
        source.values().forEach(file -> {
            FileState there = destination.get(file.relative());
            boolean same = there != null && there.size() == file.size()
                    && there.modifiedSeconds() == file.modifiedSeconds();
            (same ? skip : copy).add(file);
        });
        List<String> delete = deleteExtra
                ? destination.keySet().stream().filter(name -> !source.containsKey(name)).sorted().toList()
                : List.of();
        return new SyncPlan(List.copyOf(copy), List.copyOf(skip), delete);
    }

    long bytesToCopy() {
        return copy.stream().mapToLong(FileState::size).sum();
    }
}
