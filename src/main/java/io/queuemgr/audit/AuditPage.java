package io.queuemgr.audit;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of the trail, newest first; {@code next} is passed back as {@code before}, null on the last page. */
@RegisterForReflection
public record AuditPage(List<AuditEvent> items, String next) {
}
