package io.queuemgr.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.Reading;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.security.Caller;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskIds;
import io.smallrye.mutiny.Uni;

/** Creates, pauses, resumes and deletes schedules: each change written to PostgreSQL, then announced. */
@Singleton
public class ScheduleAdmin {

    private static final String UNKNOWN = "is not a schedule field";

    private final ScheduleStore store;
    private final ScheduleCatalog catalog;
    private final ScheduleTemplate template;
    private final JsonRecords records;
    private final TaskRegistry registry;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final int shownFireTimes;

    public ScheduleAdmin(ScheduleStore store, ScheduleCatalog catalog, ScheduleTemplate template, JsonRecords records,
            TaskRegistry registry, ObjectMapper mapper, Clock clock, ScheduleConfig config) {
        this.store = store;
        this.catalog = catalog;
        this.template = template;
        this.records = records;
        this.registry = registry;
        this.mapper = mapper;
        this.clock = clock;
        this.shownFireTimes = config.nextFireTimes();
    }

    /** Creates the schedule: 400 naming each bad field, 403 for a type the caller may not submit, 409 for a taken name. */
    public Uni<ScheduleView> create(JsonNode body, Caller caller) {
        Reading<ScheduleRequest> reading = records.read(body, ScheduleRequest.class, "", UNKNOWN);
        List<FieldError> errors = new ArrayList<>(reading.errors());
        JsonNode task = reading.value() == null ? null : reading.value().task();
        if (task != null && errors.stream().noneMatch(e -> e.field().equals("task"))) {
            errors.addAll(template.problems(task));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The schedule has " + errors.size()
                    + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
        template.checkGrant(task, caller);
        ScheduleRequest r = reading.value();
        Instant now = ScheduleStore.micros(clock.instant());
        Instant first = CronSchedule.of(r.cron(), ZoneId.of(r.zone())).next(now);
        if (first == null) {
            throw ApiException.invalid("The schedule never fires",
                    List.of(new FieldError("cron", "names no time to come")));
        }
        Schedule s = new Schedule(TaskIds.newId(), r.name(), r.cron(), r.zone(), task.toString(), r.overlapRule(),
                false,
                first, null, null, true, null, null, caller.name(), now, now);
        return store.insert(s).call(inserted -> {
            if (!inserted) {
                throw ApiException.conflict("schedule-exists", "A schedule named '" + r.name() + "' exists already");
            }
            catalog.put(s);
            return catalog.announce();
        }).map(ok -> view(s));
    }

    /** Stops firing; the slots that pass meanwhile are not made up for. */
    public Uni<ScheduleView> pause(String name) {
        existing(name);
        return store.setPaused(name, true, null, clock.instant()).call(this::reloaded).map(ok -> view(name));
    }

    /** Fires again from the next fire time after now. */
    public Uni<ScheduleView> resume(String name) {
        Instant now = clock.instant();
        Instant next = existing(name).times().next(now);
        return store.setPaused(name, false, next, now).call(this::reloaded).map(ok -> view(name));
    }

    public Uni<Void> delete(String name) {
        existing(name);
        return store.delete(name).call(deleted -> {
            catalog.forget(name);
            return catalog.announce();
        }).replaceWithVoid();
    }

    public List<ScheduleView> list() {
        return catalog.all().stream().map(this::view).toList();
    }

    public ScheduleView view(String name) {
        return view(existing(name));
    }

    /** The schedule, or a 404 problem. */
    public Schedule existing(String name) {
        return catalog.find(name).orElseThrow(() -> ApiException.notFound("schedule",
                "There is no schedule named '" + name + "'"));
    }

    private Uni<Void> reloaded(boolean changed) {
        if (!changed) {
            throw ApiException.notFound("schedule", "The schedule was deleted meanwhile");
        }
        return store.all().invoke(rows -> rows.forEach(catalog::put)).chain(catalog::announce);
    }

    private ScheduleView view(Schedule s) {
        List<Instant> next = s.paused() ? List.of() : next(s);
        String status = s.lastTaskId() == null
                ? null
                : registry.get(s.lastTaskId()).map(Task::status).map(Enum::name).orElse(null);
        return new ScheduleView(s.name(), s.cron(), s.timeZone(), json(s.task()), s.overlap().json(), s.paused(), next,
                s.lastFireAt(), s.lastTaskId(), status, s.lastError(), s.createdBy(), s.createdAt(), s.updatedAt());
    }

    /** The stored next fire time (it may have passed, and fires at the next look), then those after it. */
    private List<Instant> next(Schedule s) {
        List<Instant> out = new ArrayList<>();
        out.add(s.nextFireAt());
        out.addAll(s.times().next(s.nextFireAt(), shownFireTimes - 1));
        return out;
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A stored template is JSON", e);
        }
    }
}
