package org.ddrrbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard as people use it: Debian's headless Chromium signs in through the form, draws the charts with ECharts,
 * follows the figures live over server-sent events, and shows a donor no operations. Nothing is downloaded: the browser
 * and its driver come from apt ({@code .ci/run} installs them), and Selenium Manager is never asked for one.
 */
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET =
            Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    private static final Duration LIVE = Duration.ofSeconds(30);
    private static final JsonMapper json = JsonMapper.builder().build();

    private static RunningDashboard dashboard;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium missing: .ci/run installs it");
        TestBus bus = TestBus.shared();
        dashboard = RunningDashboard.start(bus);
        base = "http://127.0.0.1:" + dashboard.port;
        // Counties no other test in this JVM uses: Mombasa stays shown; Lamu's 3 is small, so Kilifi, the smallest
        // shown, is withheld with it (or stays shown, when another test's small county already hides a second cell).
        bus.publish("nctc", registrations("KE-BRMB-", "Mombasa", 1, 12));
        bus.publish("nctc", registrations("KE-BRKF-", "Kilifi", 1, 9));
        bus.publish("nctc", registrations("KE-BRLM-", "Lamu", 1, 3));
        browser = chromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    /** Every test starts signed out, in a desktop-sized window. */
    @BeforeEach
    void signedOut() {
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
        severeBrowserLog(); // what an earlier test left in the browser's log is not this test's
    }

    @Test
    void managerSeesChartsUpdateLiveAndSmallCellsSuppressed() throws IOException {
        signIn(RunningDashboard.MANAGER, RunningDashboard.MANAGER_PASSWORD);
        awaitValue("returnees-by-county", "mombasa", "12");

        // The charts are drawn, not just their tables: an ECharts canvas of real size in each container.
        for (String chart : List.of(
                "chart-returnees-by-county",
                "chart-returnees-by-phase",
                "chart-registrations-by-week",
                "chart-throughput")) {
            WebElement canvas = new WebDriverWait(browser, Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#" + chart + " canvas")));
            assertThat(canvas.getSize().getWidth()).as(chart).isGreaterThan(100);
            assertThat(canvas.getSize().getHeight()).as(chart).isGreaterThan(100);
        }
        assertThat(browser.findElement(By.id("operations")).isDisplayed()).isTrue();
        assertThat(text("live-status")).isEqualTo("live");
        // Lamu's 3 reads "<5" in the table, and the chart names it without drawing a bar.
        assertThat(text("value-returnees-by-county-lamu")).isEqualTo("<5");
        assertThat(browser.findElement(By.cssSelector("[data-testid='value-returnees-by-county-lamu']"))
                        .getDomAttribute("class"))
                .contains("suppressed");
        assertThat(bar("returnees-by-county", "Lamu (<5)")).isNull();
        assertThat(bar("returnees-by-county", "Mombasa")).isEqualTo(12L);

        // when six more return to Mombasa, the open page follows without a reload
        browser.executeScript("window.sameDocument = true;");
        TestBus.shared().publish("nctc", registrations("KE-BRMB-", "Mombasa", 13, 6));
        awaitValue("returnees-by-county", "mombasa", "18");

        assertThat(browser.executeScript("return window.sameDocument === true;"))
                .isEqualTo(true);
        assertThat(bar("returnees-by-county", "Mombasa")).isEqualTo(18L);
        assertThat(text("value-returnees-by-county-lamu")).isEqualTo("<5");
        assertThat(severeBrowserLog()).isEmpty();
        viewport(1280, 900, false);
        screenshot("dashboard.png");
    }

    @Test
    void managersPageFitsAPhoneWithoutScrollingSideways() throws IOException {
        signIn(RunningDashboard.MANAGER, RunningDashboard.MANAGER_PASSWORD);
        awaitValue("returnees-by-county", "lamu", "<5");

        viewport(390, 844, true);

        long overflow =
                (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(overflow).as("horizontal overflow in px").isLessThanOrEqualTo(1);
        // The charts were redrawn to the narrow width, and signing out is still at hand.
        assertThat(browser.findElement(By.cssSelector("#chart-returnees-by-county canvas"))
                        .getSize()
                        .getWidth())
                .isBetween(200, 390);
        assertThat(browser.findElement(By.id("logout")).isDisplayed()).isTrue();
        screenshot("dashboard-phone.png");
    }

    @Test
    void embassyCannotOpenTheOperationsView() {
        signIn(RunningDashboard.DONOR, RunningDashboard.DONOR_PASSWORD);
        awaitValue("returnees-by-county", "lamu", "<5");

        // The panel is not hidden but absent: the donor's page never contained it.
        assertThat(browser.findElements(By.id("operations"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-testid^='ops-'], #chart-throughput")))
                .isEmpty();
        assertThat(text("signed-in")).isEqualTo(RunningDashboard.DONOR + " · DONOR");
        assertThat(severeBrowserLog())
                .as("the page's script runs without the panel")
                .isEmpty();
        // The page's own session asking for the operations is refused.
        @SuppressWarnings("unchecked")
        Map<String, Object> fetched =
                (Map<String, Object>) browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "fetch('/api/operations', {credentials: 'same-origin'})"
                        + ".then(r => r.text().then(body => done({status: r.status, body: body})));");
        assertThat(fetched.get("status")).isEqualTo(403L);

        // Typing the address shows the refusal, a problem detail, and no operations.
        browser.get(base + "/api/operations");
        JsonNode shown = json.readTree(browser.findElement(By.tagName("pre")).getText());
        assertThat(shown.get("status").asInt()).isEqualTo(403);
        assertThat(shown.get("detail").asString()).isEqualTo("your role may not see /api/operations");
        assertThat(browser.getPageSource()).doesNotContain("inboxLag").doesNotContain("ledgerEventsPerSecond");
        assertThat(json.readTree((String) fetched.get("body"))).isEqualTo(shown);
    }

    private static ChromeDriver chromium() throws IOException {
        // Selenium Manager stays offline: the driver's path is given, and SE_OFFLINE says so once more.
        System.setProperty("SE_OFFLINE", "true");
        Files.createDirectories(TARGET);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=1280,900",
                        "--user-data-dir="
                                + Files.createTempDirectory(TARGET, "chromium-profile-")
                                        .toAbsolutePath());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .build();
        return new ChromeDriver(service, options);
    }

    /** Signs in as a person does: the page sends them to the form, they type and press the button. */
    private static void signIn(String name, String password) {
        browser.get(base + "/");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/login"));
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/"));
    }

    /** Waits until a cell of a figure reads the value; the page renders whatever the live stream brings. */
    private static void awaitValue(String figure, String label, String value) {
        String testId = "value-" + figure + "-" + label;
        new WebDriverWait(browser, LIVE)
                .withMessage(() -> testId + " to read " + value + " but it reads " + text(testId))
                .until(d -> value.equals(text(testId)));
    }

    /** The text of the element with this data-testid, read in one go (the tables are redrawn at every change). */
    private static String text(String testId) {
        return (String) browser.executeScript(
                "var node = document.querySelector('[data-testid=\"' + arguments[0] + '\"]');"
                        + "return node ? node.textContent : null;",
                testId);
    }

    /** The length of a figure's bar as ECharts holds it, by category label; null when no bar is drawn. */
    private static Object bar(String figure, String category) {
        return browser.executeScript(
                "var option = echarts.getInstanceByDom(document.getElementById('chart-' + arguments[0])).getOption();"
                        + "var index = option.yAxis[0].data.indexOf(arguments[1]);"
                        + "if (index < 0) { throw new Error('no category ' + arguments[1]); }"
                        + "return option.series[0].data[index];",
                figure,
                category);
    }

    private static List<String> severeBrowserLog() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    /**
     * Makes the page's viewport exactly this size, as a phone ({@code mobile}: the meta viewport is honoured) or a
     * desktop would, and waits for the page to follow.
     */
    private static void viewport(int width, int height, boolean mobile) {
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> Long.valueOf(width).equals(browser.executeScript("return window.innerWidth;")));
        // ECharts redraws on the window's resize event; give it a frame to do so.
        browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(done));");
    }

    /** A screenshot of the viewport, in target/screenshots. */
    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static ReturneeRegistered[] registrations(String prefix, String county, int first, int count) {
        return IntStream.range(first, first + count)
                .mapToObj(i -> new ReturneeRegistered(
                        prefix + String.format("%04d", i),
                        county,
                        "Central",
                        AgeBand.AGE_25_34,
                        Gender.MALE,
                        null,
                        Phase.DISENGAGEMENT,
                        LocalDate.now()))
                .toArray(ReturneeRegistered[]::new);
    }
}
