package io.queuemgr.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles a caller may hold. They nest: an admin is also an operator, an operator also a submitter, a submitter
 * also a viewer. {@code worker} (pull workers leasing and finishing tasks) stands apart; only admin includes it.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String SUBMITTER = "submitter";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    public static final String WORKER = "worker";
    /**
     * An instance's own token ({@code instance:<id>}): hands a Kafka submission to the instance that holds its
     * queue. No token made through the API can hold it, and no other role includes it.
     */
    public static final String PEER = "peer";

    public static final List<String> ALL = List.of(VIEWER, SUBMITTER, OPERATOR, ADMIN, WORKER);

    private static final Map<String, Set<String>> INCLUDES = Map.of(
            VIEWER, Set.of(VIEWER),
            SUBMITTER, Set.of(SUBMITTER, VIEWER),
            OPERATOR, Set.of(OPERATOR, SUBMITTER, VIEWER),
            ADMIN, Set.of(ADMIN, OPERATOR, SUBMITTER, VIEWER, WORKER),
            WORKER, Set.of(WORKER),
            PEER, Set.of(PEER));

    private Roles() {
    }

    /** The given roles with every role they include; names that are not roles of queuemgr are kept as they are. */
    public static Set<String> expand(Iterable<String> roles) {
        Set<String> out = new LinkedHashSet<>();
        for (String role : roles) {
            out.addAll(INCLUDES.getOrDefault(role, Set.of(role)));
        }
        return out;
    }
}
