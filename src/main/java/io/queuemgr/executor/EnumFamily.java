package io.queuemgr.executor;

import java.util.List;

import io.queuemgr.task.ErrorKind;

/** A family whose codes are the constants of one enum: the usual shape of a family's part of the catalogue. */
public abstract class EnumFamily<E extends Enum<E> & ErrorKind> implements ErrorFamily {

    private final String name;
    private final List<E> codes;

    protected EnumFamily(String name, Class<E> codes) {
        this.name = name;
        this.codes = List.of(codes.getEnumConstants());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<E> codes() {
        return codes;
    }
}
