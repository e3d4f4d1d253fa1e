package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.smallrye.mutiny.Uni;

/**
 * The instances that dispatch tasks now, as the broker sees them: the members of the dispatch consumer group, each
 * with the task-topic partitions (and so the queues) it owns. An instance that only serves the API is not a member.
 */
@ApplicationScoped
public class DispatchMembers {

    /** The prefix of a dispatcher's client id; the rest is the instance's id (see {@link TaskDispatcher}). */
    static final String CLIENT_PREFIX = "queuemgr-dispatch-";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One member: its instance id, the host the broker saw it connect from, its partitions, and whether it is us. */
    public record Member(String id, String host, List<Integer> partitions, boolean self) {
    }

    private final KafkaClients clients;
    private final String group;
    private final String tasksTopic;
    private final String self;
    private Admin admin;

    public DispatchMembers(KafkaClients clients, Topics topics, InstanceIdentity identity) {
        this.clients = clients;
        this.group = topics.group("dispatch");
        this.tasksTopic = topics.tasks();
        this.self = identity.id();
    }

    /** The members now, ordered by id; fails when the broker does not answer within a few seconds. */
    public Uni<List<Member>> now() {
        var options = new DescribeConsumerGroupsOptions().timeoutMs((int) TIMEOUT.toMillis());
        return Uni.createFrom()
                .completionStage(() -> admin().describeConsumerGroups(List.of(group), options).describedGroups()
                        .get(group).toCompletionStage())
                .map(this::members);
    }

    private List<Member> members(ConsumerGroupDescription description) {
        return description.members().stream().map(this::member).sorted(Comparator.comparing(Member::id)).toList();
    }

    private Member member(MemberDescription m) {
        String id = m.clientId().startsWith(CLIENT_PREFIX)
                ? m.clientId().substring(CLIENT_PREFIX.length())
                : m.clientId();
        List<Integer> partitions = m.assignment().topicPartitions().stream()
                .filter(tp -> tp.topic().equals(tasksTopic)).map(TopicPartition::partition).sorted().toList();
        return new Member(id, m.host().replaceFirst("^/", ""), partitions, id.equals(self));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = clients.admin();
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
