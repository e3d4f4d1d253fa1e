package io.queuemgr.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;

/** A listing with bad parameters is refused with RFC 9457 problem details that name every field at fault. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AuditQueryRefusalTest {

    @Test
    void everyBadParameterIsNamedInOneProblem() {
        given().queryParam("limit", "0").queryParam("since", "yesterday").queryParam("before", "not-a-cursor")
                .get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"))
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("limit", "since", "before"));
    }

    @Test
    void aLimitOutsideOneToAThousandIsRefused() {
        for (String limit : new String[]{"1001", "-1", "ten", "1.5"}) {
            given().queryParam("limit", limit).get("/api/audit")
                    .then().statusCode(400).body("errors.field", hasItem("limit"));
        }
        given().queryParam("limit", "1000").get("/api/audit").then().statusCode(200);
    }

    @Test
    void untilMustComeAfterSince() {
        given().queryParam("since", "2026-05-02T00:00:00Z").queryParam("until", "2026-05-01T00:00:00Z")
                .get("/api/audit")
                .then().statusCode(400).body("errors.field", hasItem("until"));
    }

    @Test
    void aFilterPostgresCannotCompareIsRefused() {
        given().queryParam("principal", "a\u0000b").get("/api/audit")
                .then().statusCode(400).body("errors.field", hasItem("principal"));
    }

    @Test
    void anInstantBeyondTheYear9999IsRefused() {
        given().queryParam("until", "+10000-01-01T00:00:00Z").get("/api/audit")
                .then().statusCode(400).body("errors.field", hasItem("until"));
    }
}
