package dev.greenlight.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.demo.DemoStack;
import dev.greenlight.demo.Scenario;
import dev.greenlight.diagnose.Diagnosis;
import dev.greenlight.plan.Plan;
import dev.greenlight.plan.RunResult;
import dev.greenlight.report.ReportFormat;
import dev.greenlight.report.ReportInput;
import dev.greenlight.report.Style;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML report of the incident's run (the demo staging, database unreachable) opened from {@code file://} in
 * headless Chromium (Debian's chromium + chromium-driver): it loads with no request leaving the file and no console
 * error, and the verdict and each root cause are visible. A screenshot is left under target/ for people to look at.
 */
class HtmlReportBrowserTest {

    private static final Path OUT = Path.of("target", "html-report");
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver from Debian's package, named here so that Selenium never looks for one to download
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theIncidentsReportLoadsFromAFileShowsTheVerdictAndEachRootCauseAndRequestsNothing() throws Exception {
        RunResult run;
        Plan plan;
        try (DemoStack stack = DemoStack.start(Scenario.DB_UNREACHABLE)) {
            plan = Runs.plan(stack.plan(), Map.of());
            run = Runs.run(plan);
        }
        ReportInput in = ReportInput.of(run, plan.secrets());
        assertThat(in.diagnosis().rootCauses()).isNotEmpty();
        Files.createDirectories(OUT);
        Path page = OUT.resolve("db-unreachable.html").toAbsolutePath();
        Files.writeString(page, ReportFormat.html.renderer(new Style(false)).render(in));

        browser.get(page.toUri().toString());

        WebElement verdict = browser.findElement(By.id("verdict"));
        assertThat(verdict.isDisplayed()).isTrue();
        assertThat(verdict.getText()).isEqualTo(run.verdict().label());
        List<WebElement> roots = browser.findElements(By.cssSelector("article.root-cause"));
        assertThat(roots).hasSameSizeAs(in.diagnosis().rootCauses());
        for (int i = 0; i < roots.size(); i++) {
            Diagnosis.RootCause cause = in.diagnosis().rootCauses().get(i);
            assertThat(roots.get(i).isDisplayed()).isTrue();
            assertThat(roots.get(i).findElement(By.tagName("h3")).getText()).contains(cause.service()).contains(cause.signature());
        }
        assertThat(browser.findElements(By.cssSelector("#phases tbody tr"))).hasSize(run.checks().size());
        assertThat(browser.findElements(By.cssSelector("#timelines svg"))).isNotEmpty();
        Object resources = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat((List<?>) resources).as("requests made by the page").isEmpty();
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as("console warnings and errors").isEmpty();
        Files.write(OUT.resolve("db-unreachable.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theWatchersStatusPageShowsTheVerdictRootCausesAndServicesAndRequestsNothing() throws Exception {
        dev.greenlight.watch.WatchState state = new dev.greenlight.watch.WatchState(60);
        RunResult run;
        try (DemoStack stack = DemoStack.start(Scenario.DB_UNREACHABLE)) {
            run = Runs.run(stack.plan(), Map.of());
        }
        Diagnosis diagnosis = dev.greenlight.diagnose.Diagnoser.diagnose(run);
        state.add(run, diagnosis);
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", new dev.greenlight.watch.StatusPage(state, dev.greenlight.config.Secrets.none()));
        http.start();
        try {
            browser.get("http://127.0.0.1:" + http.getAddress().getPort() + "/");

            assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("NO-GO");
            assertThat(browser.findElements(By.cssSelector("li.root-cause"))).hasSameSizeAs(diagnosis.rootCauses());
            assertThat(browser.findElements(By.cssSelector("tr.service"))).hasSize(
                    (int) run.checks().stream().map(c -> c.check().service()).distinct().count());
            Object resources = ((JavascriptExecutor) browser).executeScript(
                    "return performance.getEntriesByType('resource').map(e => e.name)");
            assertThat((List<?>) resources).isEmpty();
            assertThat(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList()).isEmpty();
            Files.createDirectories(OUT);
            Files.write(OUT.resolve("watch-status.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aPageThatLoadsSomethingFromTheNetworkIsCaughtByThisTest() throws Exception {
        // the assertions above must be able to fail: the same checks on a page that asks for a stylesheet
        Files.createDirectories(OUT);
        Path page = OUT.resolve("leaky.html").toAbsolutePath();
        Files.writeString(page, "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"http://127.0.0.1:9/x.css\"></head>"
                + "<body><h1 id=\"verdict\">GO</h1></body></html>");

        browser.get(page.toUri().toString());

        Object resources = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(!((List<?>) resources).isEmpty() || !errors.isEmpty()).isTrue();
    }
}
