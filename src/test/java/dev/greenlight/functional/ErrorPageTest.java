package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Error pages served with 200 (a soft 404 or 5xx): a static host answering a missing path with its 404 page, a proxy
 * answering its upstream's failure with its error page, each with 200, made the check pass.
 */
class ErrorPageTest {

    @TempDir
    Path root;

    @Test
    void nginxAnsweringAMissingPathOrADeadUpstreamWithItsErrorPageAnd200IsNotAPass() throws Exception {
        Files.writeString(root.resolve("index.html"), "<!doctype html><html><head><title>Acme</title></head><body><h1>Welcome"
                + "</h1></body></html>");
        Files.writeString(root.resolve("404.html"), "<!doctype html><html><head><title>Page not found &ndash; Acme</title>"
                + "</head><body><h1>Sorry, this page doesn't exist</h1></body></html>");
        Files.writeString(root.resolve("50x.html"), "<!DOCTYPE html><html><head><title>Error</title></head><body>"
                + "<h1>An error occurred.</h1><p>Sorry, the page you are looking for is currently unavailable.</p></body></html>");
        Files.writeString(root.resolve("startups.html"), "<html><head><title>500 Startups &ndash; our portfolio</title></head>"
                + "<body><h1>Portfolio</h1></body></html>");
        Files.writeString(root.resolve("status.html"), "<html><head><title>Acme Status</title></head><body><h1>All systems "
                + "operational</h1><h2>Elevated 502 errors on the API (resolved)</h2></body></html>");
        try (RealServers.Nginx nginx = RealServers.Nginx.withErrorPagesAs200(root, TestServer.closedPort())) {
            RunResult run = Runs.run("""
                    services:
                      web:
                        url: "http://127.0.0.1:%d"
                        checks:
                          health: { http: /health }
                          api: { http: /app/health }
                          home: { http: / }
                          startups: { http: /startups.html }
                          status: { http: /status.html }
                    """.formatted(nginx.port));

            assertThat(Runs.check(run, "web.health").signature()).as(Runs.check(run, "web.health").detail())
                    .isEqualTo(FailureSignature.ERROR_PAGE);
            assertThat(Runs.check(run, "web.health").detail()).contains("HTTP 200, an error page ('Page not found");
            assertThat(Runs.check(run, "web.api").signature()).as(Runs.check(run, "web.api").detail()).isEqualTo(FailureSignature.ERROR_PAGE);
            assertThat(Runs.check(run, "web.api").detail()).contains("an error page ('An error occurred.')");
            for (String fine : new String[] {"web.home", "web.startups", "web.status"}) {
                assertThat(Runs.check(run, fine).passed()).as(fine + ": " + Runs.check(run, fine).detail()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            <html><head><title>404: This page could not be found.</title></head></html>                 | ERROR_PAGE
            <html><body><h1>Whitelabel Error Page</h1><p>There was an unexpected error</p></body></html>   | ERROR_PAGE
            <html><head><title>Error 404 (Not Found)!!1</title></head></html>                             | ERROR_PAGE
            <html><head><title>502 Bad Gateway</title></head></html>                                      | ERROR_PAGE
            <html><body><h1>Oops! That page can&rsquo;t be found.</h1></body></html>                       | ERROR_PAGE
            <html><head><title>Application Error</title></head></html>                                    | ERROR_PAGE
            <html><head><title>Not Found</title></head></html>                                            | ERROR_PAGE
            <html><head><title>Errors and exceptions: a guide</title></head></html>                       | NONE
            <html><head><title>Lost and Found</title></head><body><h1>Items found this week</h1></body></html> | NONE
            <html><head><title>404 pages that made us smile</title></head></html>                          | NONE
            <html><head><title>404 Page Not Found</title></head></html>                                   | ERROR_PAGE
            <html><head><title>Acme</title></head><body><p>404 pages are annoying; ours is friendly.</p></body></html> | NONE
            """)
    void anErrorPageIsKnownByItsTitleOrHeading(String page, FailureSignature expected) throws Exception {
        CheckResult home = LoopbackHttp.pageCheck(page);

        assertThat(home.signature()).as(home.detail()).isEqualTo(expected);
    }
}
