package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.CheckResult;
import dev.greenlight.plan.CheckStatus;
import dev.greenlight.plan.RunResult;
import dev.greenlight.probe.FailureSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A web server that runs without the site behind it (its server block not loaded, the image built without the app's files)
 * answers 200 with its own install page: that is not the app answering.
 */
class DefaultPageTest {

    /** Where Debian's nginx packages put the page a server with no site serves. */
    private static final Path NGINX_PAGES = Path.of("/usr/share/nginx/html");

    @Test
    void nginxServingItsPackagesWelcomePageIsNotTheFrontend() throws Exception {
        assertThat(NGINX_PAGES.resolve("index.html")).as("nginx's package page (run .ci/run)").exists();
        Path app = Files.createTempDirectory("greenlight-app");
        Files.writeString(app.resolve("index.html"), "<!doctype html><html><head><title>Chat</title></head><body>chat</body></html>");
        try (RealServers.Nginx bare = RealServers.Nginx.serving(NGINX_PAGES); RealServers.Nginx site = RealServers.Nginx.serving(app)) {
            RunResult run = Runs.run("""
                    services:
                      frontend:
                        url: http://127.0.0.1:%d
                        checks:
                          home: { http: / }
                      other:
                        url: http://127.0.0.1:%d
                        checks:
                          home: { http: / }
                    """.formatted(bare.port, site.port));

            CheckResult bareHome = Runs.check(run, "frontend.home");
            assertThat(bareHome.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(bareHome.signature()).isEqualTo(FailureSignature.DEFAULT_PAGE);
            assertThat(bareHome.detail()).contains("HTTP 200, nginx's own page");
            assertThat(Runs.check(run, "other.home").status()).as(Runs.check(run, "other.home").detail()).isEqualTo(CheckStatus.PASS);
        } finally {
            Files.delete(app.resolve("index.html"));
            Files.delete(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '^', textBlock = """
            <html><body><h1>It works!</h1></body></html>                                                          ^ DEFAULT_PAGE
            <!DOCTYPE html><html><head><title>Apache2 Ubuntu Default Page: It works</title></head></html>        ^ DEFAULT_PAGE
            <html><head><title>IIS Windows Server</title></head><body><img src="iisstart.png"></body></html>     ^ DEFAULT_PAGE
            <!DOCTYPE html><html><head><title>Apache Tomcat/10.1.16</title></head><body></body></html>            ^ DEFAULT_PAGE
            <!doctype html><html><head><title>Congratulations | Cloud Run</title></head><body><h1>It's running!</h1></body></html> ^ DEFAULT_PAGE
            <html><head><title>Microsoft Azure App Service - Welcome</title></head></html>                     ^ DEFAULT_PAGE
            <html><head><title>Heroku | Welcome to your new app!</title></head></html>                          ^ DEFAULT_PAGE
            <html><head><title>Cloud Run tips | Acme engineering</title></head></html>                          ^ NONE
            <html><head><title>Welcome to nginx! - our blog about running nginx</title></head></html>           ^ NONE
            <html><body><h1>It works!</h1><p>and so does our app</p><script src=app.js></script></body></html>  ^ NONE
            <html><body><p>It works! Our status page.</p></body></html>                                         ^ NONE
            """)
    void theInstallPagesOfCommonServersAreKnownByTheirTitle(String page, FailureSignature expected) throws Exception {
        CheckResult home = LoopbackHttp.pageCheck(page);

        assertThat(home.signature()).as(home.detail()).isEqualTo(expected);
    }
}
