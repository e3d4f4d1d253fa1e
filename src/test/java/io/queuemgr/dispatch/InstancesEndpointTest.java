package io.queuemgr.dispatch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.peer.PeerAddresses;
import io.queuemgr.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class InstancesEndpointTest {

    @Inject
    InstanceIdentity identity;
    @Inject
    QueuemgrConfig config;
    @Inject
    PeerAddresses addresses;

    @Test
    void theInstancesAreTheDispatchGroupsMembersWithTheirPartitionsAndAddresses() {
        List<Map<String, Object>> instances = await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/instances").then().statusCode(200).extract().jsonPath()
                        .<Map<String, Object>>getList("$"),
                        list -> !list.isEmpty()
                                && !((List<?>) list.getFirst().get("partitions")).isEmpty());
        Map<String, Object> me = instances.stream().filter(i -> i.get("id").equals(identity.id())).findFirst()
                .orElseThrow();
        assertThat(me.get("self")).isEqualTo(true);
        assertThat(me.get("host").toString()).isNotBlank();
        // Where its peers reach its API, as it wrote it to PostgreSQL at start.
        assertThat(me.get("address")).isEqualTo(addresses.own().toString());
        assertThat(instances).filteredOn(i -> Boolean.TRUE.equals(i.get("self"))).hasSize(1);
        // Together the members own every partition of the task topic, each once.
        List<Object> owned = instances.stream().flatMap(i -> ((List<?>) i.get("partitions")).stream())
                .map(Object.class::cast).toList();
        assertThat(owned).doesNotHaveDuplicates().hasSize(partitions());
    }

    private int partitions() {
        return config.kafka().partitions();
    }
}
