package io.queuemgr.security;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The task types that run code (on this host or elsewhere) a caller was explicitly granted: exact names, a trailing
 * wildcard such as {@code ssh.*}, or {@code *} for all. Types that run no code need no grant.
 */
public record TypeGrants(List<String> patterns) {

    /** What a grant may look like: a type name, optionally ending in {@code .*}, or {@code *}. */
    public static final Pattern SHAPE = Pattern.compile("\\*|[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*(\\.\\*)?");

    public static final TypeGrants NONE = new TypeGrants(List.of());

    public TypeGrants {
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
    }

    public boolean allows(String type) {
        for (String p : patterns) {
            if (p.equals("*") || p.equals(type)
                    || p.endsWith(".*") && type.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
