package io.queuemgr.executor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.ErrorKind;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;

/**
 * Every error code a task can end with, from the service's own codes ({@link ErrorCode}) and those each family
 * contributes ({@link ErrorFamily}), and the classification of failures an executor did not classify itself.
 */
@Singleton
public class ErrorCatalogue {

    /** A code and the family it belongs to, as {@code GET /api/errors} lists it. */
    public record Entry(String family, ErrorKind kind) {
    }

    private final Map<String, Entry> byCode = new LinkedHashMap<>();
    private final List<ErrorFamily> families;

    @Inject
    public ErrorCatalogue(Instance<ErrorFamily> found) {
        this(found.stream().toList());
    }

    public ErrorCatalogue(List<ErrorFamily> found) {
        List<ErrorFamily> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(ErrorFamily::name));
        this.families = List.copyOf(sorted);
        for (ErrorCode code : ErrorCode.values()) {
            byCode.put(code.name(), new Entry("service", code));
        }
        for (ErrorFamily family : families) {
            for (ErrorKind code : family.codes()) {
                Entry previous = byCode.putIfAbsent(code.name(), new Entry(family.name(), code));
                if (previous != null) {
                    throw new IllegalStateException("The error code " + code.name() + " is declared by "
                            + previous.family() + " and " + family.name());
                }
            }
        }
    }

    public List<Entry> entries() {
        return List.copyOf(byCode.values());
    }

    public Optional<Entry> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** What went wrong, for a task of no particular family. */
    public TaskError classify(Throwable failure) {
        return classify(failure, null);
    }

    /**
     * What went wrong: the error of a {@link TaskFailure} anywhere in the chain of causes, or the first rule that
     * recognises the root cause (then its wrappers), the rules of the task type's own family first; else
     * INTERNAL_ERROR with the failure's message.
     */
    public TaskError classify(Throwable failure, TaskType type) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            if (t instanceof TaskFailure known) {
                return known.error();
            }
            chain.add(0, t);
        }
        for (ErrorFamily family : ordered(type)) {
            for (Throwable t : chain) {
                for (ErrorRule rule : family.rules()) {
                    if (rule.matches().test(t)) {
                        return rule.code().toError(messageOf(t, rule.code()));
                    }
                }
            }
        }
        return ErrorCode.INTERNAL_ERROR.toError(messageOf(chain.get(0), ErrorCode.INTERNAL_ERROR));
    }

    private List<ErrorFamily> ordered(TaskType type) {
        if (type == null) {
            return families;
        }
        String own = type.name().contains(".") ? type.name().substring(0, type.name().indexOf('.')) : type.name();
        List<ErrorFamily> ordered = new ArrayList<>(families.size());
        families.stream().filter(f -> f.name().equals(own) || f.name().equals(type.category())).forEach(ordered::add);
        families.stream().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        return ordered;
    }

    private static String messageOf(Throwable t, ErrorKind code) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? code.description() : message;
    }
}
