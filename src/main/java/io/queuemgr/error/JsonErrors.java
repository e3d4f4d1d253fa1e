package io.queuemgr.error;

import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Says what is wrong with a JSON document in words for its sender, without the parser's internal names. */
public final class JsonErrors {

    /** Jackson's pointer to the setting behind a limit, e.g. "(1000, from `StreamReadConstraints...`)". */
    private static final Pattern SETTING = Pattern.compile(",? ?from `[^`]*`");
    private static final Pattern CODE_NAME = Pattern.compile("`[^`]*`");

    private JsonErrors() {
    }

    public static String describe(JsonProcessingException e) {
        String what;
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")) {
            what = "more content follows the first JSON value; send exactly one";
        } else if (e instanceof StreamConstraintsException) {
            what = SETTING.matcher(e.getOriginalMessage()).replaceAll("");
        } else {
            what = CODE_NAME.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("a value");
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1
                ? what
                : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
