package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.plan.Verdict;
import dev.greenlight.probe.FailureSignature;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A GraphQL API answers 200 when a resolver fails: graphql-java's own engine, on loopback, whose {@code orders} field
 * reads from a database port where nothing listens. The answer's {@code errors} are its word that the query failed.
 */
class GraphqlErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        int database = TestServer.closedPort();
        DataFetcher<List<String>> orders = env -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), database)) { // the database behind the field
                return List.of("order-1");
            }
        };
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(
                new SchemaParser().parse("type Query { orders: [String] version: String }"),
                RuntimeWiring.newRuntimeWiring().type("Query", t -> t.dataFetcher("orders", orders)
                        .dataFetcher("version", env -> "1.4.2")).build());
        GraphQL graphql = GraphQL.newGraphQL(schema).build();
        server = LoopbackHttp.server();
        server.createContext("/graphql", ex -> {
            String query = JSON.readTree(ex.getRequestBody()).path("query").asText();
            Map<String, Object> answer = graphql.execute(query).toSpecification();
            LoopbackHttp.send(ex, 200, "application/json", JSON.writeValueAsString(answer));
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static String check(String name, String query, String extra) {
        return "      %s: { http: { path: /graphql, method: POST, headers: { Content-Type: application/json }, body: '{\"query\": \"%s\"}' }%s }\n"
                .formatted(name, query, extra);
    }

    @Test
    void aQueryWhoseResolverFailedIsReportedDownWhileOneThatWorksPasses() throws Exception {
        RunResult run = Runs.run("services:\n  api:\n    url: http://127.0.0.1:" + server.getAddress().getPort()
                + "\n    checks:\n" + check("orders", "{ orders }", "") + check("version", "{ version }", "")
                + check("ordered", "{ orders }", ", ignore_health_body: true"));

        CheckResult orders = run.checks().stream().filter(c -> c.check().id().equals("api.orders")).findFirst().orElseThrow();
        assertThat(orders.signature()).as(orders.detail()).isEqualTo(FailureSignature.REPORTED_DOWN);
        assertThat(orders.detail()).startsWith("HTTP 200, but the GraphQL answer has errors: orders: ")
                .contains("Connection refused");
        assertThat(run.checks()).filteredOn(c -> !c.check().id().equals("api.orders"))
                .allSatisfy(c -> assertThat(c.passed()).as(c.check().id() + ": " + c.detail()).isTrue());
        assertThat(run.verdict()).isEqualTo(Verdict.NO_GO);
    }
}
