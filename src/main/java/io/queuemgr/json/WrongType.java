package io.queuemgr.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@link JsonRecords} says of a JSON value of another type than the record component (or list element) it is
 * read into, such as text where a whole number belongs. Without it the reader names the type: "must be a string",
 * "must be a whole number", "must be a list".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface WrongType {

    /** The message, usually the one of the component's constraints, so that every wrong value reads alike. */
    String value();

    /** Whether blank text ({@link String#isBlank()}) counts as of the wrong type too. */
    boolean blankToo() default false;

    /** Whether JSON null counts as of the wrong type too, rather than as a field left out. */
    boolean nullToo() default false;
}
