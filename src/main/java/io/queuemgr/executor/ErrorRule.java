package io.queuemgr.executor;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.queuemgr.task.ErrorKind;

/** Recognises a failure as a code: by the exception's type, or by a pattern in its message. */
public record ErrorRule(ErrorKind code, Predicate<Throwable> matches) {

    /** A failure of the type, or of a subtype. */
    public static ErrorRule on(Class<? extends Throwable> type, ErrorKind code) {
        return new ErrorRule(code, type::isInstance);
    }

    /** A failure whose message contains a match of the pattern, regardless of case. */
    public static ErrorRule message(String regex, ErrorKind code) {
        Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        return new ErrorRule(code, t -> t.getMessage() != null
                && pattern.matcher(t.getMessage().toLowerCase(Locale.ROOT)).find());
    }
}
