package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.story.StorySteps;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The staff's work pages as people use them, in Debian's headless Chromium against the real services, the real
 * exchange and a real locked-down broker: a cicc caseworker declines a referral from nctc, an iom caseworker accepts
 * one, records support and completes it, nctc sees both outcomes on the case page, a viewer sees no form, and an
 * action the exchange refuses shows its reason. Every form refuses what the API refuses, with the API's words beside
 * the field and what was typed kept; HTML typed into a field stays text; a form without its CSRF token gets 403; an
 * expired session goes back to sign-in without acting. Every page passes axe-core and weighs under 200 KB.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkPagesBrowserIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET =
            Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final TestBus bus = TestBus.shared();
    private static BusSystem system;
    private static StaffAccounts staff;
    private static ChromeDriver browser;
    private static String axe;
    private static Path data;

    private static String subject;
    private static String consent;
    private static String toCicc;
    private static String toIom;
    private static String toIomAgain;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium missing: .ci/run installs it");
        try (InputStream in = WorkPagesBrowserIT.class.getResourceAsStream("/axe-core/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        staff = StaffAccounts.inMemory();
        Connection connection = new Connection(
                bus.bootstrapServers(), "SASL_PLAINTEXT", bus.credentials(), Optional.empty(), bus.keysDir());
        data = Files.createTempDirectory(scratch, "ddrr-pages");
        // Only what the story needs: the exchange and the three agencies of the story.
        system = BusSystem.start(
                new BusSystem.Settings() {
                    @Override
                    public List<String> connection(String component) {
                        return connection.arguments(BusSystem.principalOf(component));
                    }

                    @Override
                    public List<StaffAccounts.Account> staff(String component) {
                        return staff.forService(component);
                    }

                    @Override
                    public Path stateDir(String component) {
                        return data.resolve(component);
                    }

                    @Override
                    public Optional<Path> peopleFile(String component) {
                        return Optional.of(new NodeHome(data.resolve(component)).peopleFile());
                    }
                },
                Ports.free(),
                Set.of("exchange", "nctc", "iom", "cicc"));
        // nctc's part of the story through its API, as another of its systems might send it; the rest in the browser.
        ServiceClient nctc = api("nctc-caseworker");
        subject = created(nctc.post("/api/returnees", StorySteps.returnee())).text("reference");
        consent = created(nctc.post(
                        "/api/consents",
                        Map.of("subjectRef", subject, "purposes", List.of("reintegration-support", "mentorship"))))
                .text("reference");
        toCicc = issue(nctc, "cicc", "mentorship", "MENTORSHIP");
        toIom = issue(nctc, "iom", "reintegration-support", "LIVELIHOOD");
        toIomAgain = issue(nctc, "iom", "reintegration-support", "EDUCATION");
        browser = chromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (system != null) {
            system.close();
        }
    }

    @BeforeEach
    void english() {
        if (browser != null && system != null) {
            browser.get(system.url("nctc") + "/login?lang=en");
        }
    }

    @Test
    @Order(1)
    void ciccDeclinesAReferralFromNctcWithAReason() throws IOException {
        signIn("cicc", "cicc-caseworker");
        awaitRow(toCicc);
        assertThat(text(By.id("referral-" + toCicc))).contains("nctc").contains("Mentorship");
        assertAccessible("inbox");
        assertLight();
        screenshot("work-inbox.png");

        browser.findElement(By.cssSelector("#referral-" + toCicc + " a")).click();
        awaitPresent(By.id("decline-" + toCicc));
        String decline = "decline-" + toCicc;
        // No reason chosen: refused beside the field by the API's rule, in the page's words; the API keeps its English.
        refused(decline + "-submit", decline + "-reasonCode-error");
        assertThat(text(By.id(decline + "-reasonCode-error"))).isEqualTo("must be given");
        ServiceClient.Response apiSays = api("cicc-caseworker").post("/api/referrals/" + toCicc + "/decline", Map.of());
        assertThat(apiSays.status()).isEqualTo(400);
        assertThat(apiSays.text("field")).isEqualTo("reasonCode");
        assertThat(apiSays.text("detail")).isEqualTo("must not be null");
        assertThat(browser.findElement(By.id(decline + "-reasonCode")).getDomAttribute("aria-describedby"))
                .isEqualTo(decline + "-reasonCode-error");
        // In Kiswahili, the same refusal beside the same field is in Kiswahili.
        browser.findElement(By.id("lang-sw")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "Toka".equals(text(By.id("sign-out"))));
        refused(decline + "-submit", decline + "-reasonCode-error");
        assertThat(text(By.id(decline + "-reasonCode-error"))).isEqualTo("lazima ijazwe");
        assertThat(browser.findElement(By.id(decline + "-reasonCode")).getDomAttribute("aria-describedby"))
                .isEqualTo(decline + "-reasonCode-error");
        assertAccessible("refused form in Kiswahili");
        browser.findElement(By.id("lang-en")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "Sign out".equals(text(By.id("sign-out"))));

        new Select(browser.findElement(By.id(decline + "-reasonCode"))).selectByValue("OUT_OF_CAPACITY");
        act(decline + "-submit");
        assertThat(text(By.cssSelector("#referral-" + toCicc + " dd.status")))
                .contains("Declined")
                .contains("Out of capacity");
        assertThat(browser.findElements(By.id(decline)))
                .as("a declined referral has no decline form")
                .isEmpty();
    }

    @Test
    @Order(2)
    void iomAcceptsRecordsSupportAndCompletes() throws IOException {
        signIn("iom", "iom-caseworker");
        awaitRow(toIom);
        browser.findElement(By.cssSelector("#referral-" + toIom + " a")).click();
        awaitPresent(By.id("accept-" + toIom));
        act("accept-" + toIom + "-submit");

        new Select(browser.findElement(By.id("support-" + toIom + "-kind"))).selectByValue("LIVELIHOOD");
        act("support-" + toIom + "-submit");

        new Select(browser.findElement(By.id("complete-" + toIom + "-outcome"))).selectByValue("SERVICES_DELIVERED");
        act("complete-" + toIom + "-submit");
        assertThat(text(By.cssSelector("#referral-" + toIom + " dd.status")))
                .contains("Completed")
                .contains("Services delivered");
        // iom's copy of the phase and risk is minimised by the agreement: its timeline says what was withheld.
        assertAccessible("case page with forms");
        assertLight();
        screenshot("work-case-iom.png");
    }

    @Test
    @Order(3)
    void nctcSeesBothOutcomesOnTheCasePage() throws IOException {
        signIn("nctc", "nctc-caseworker");
        browser.get(system.url("nctc") + "/cases/" + subject);
        new WebDriverWait(browser, PATIENCE)
                .pollingEvery(Duration.ofMillis(500))
                .withMessage("both answers on nctc's case page")
                .until(d -> {
                    d.navigate().refresh();
                    String page = text(By.id("main"));
                    return page.contains("Out of capacity") && page.contains("Services delivered");
                });
        assertThat(text(By.cssSelector("#referral-" + toCicc + " dd.status"))).contains("Declined");
        assertThat(text(By.cssSelector("#referral-" + toIom + " dd.status"))).contains("Completed");
        assertThat(text(By.id("timeline"))).contains("Referral declined").contains("Support delivered");
        screenshot("work-case-nctc.png");

        // The same page in Kiswahili, enum labels included.
        browser.findElement(By.id("lang-sw")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "Toka".equals(text(By.id("sign-out"))));
        assertThat(text(By.id("sign-out"))).isEqualTo("Toka");
        assertThat(text(By.cssSelector("#referral-" + toCicc + " dd.status")))
                .contains("Imekataliwa")
                .contains("Uwezo umejaa");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("sw");
        assertAccessible("case page in Kiswahili");
        screenshot("work-case-nctc-sw.png");
        browser.findElement(By.id("lang-en")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "Sign out".equals(text(By.id("sign-out"))));
    }

    @Test
    @Order(4)
    void aViewerSeesNoForms() {
        signIn("cicc", "cicc-viewer");
        assertThat(browser.findElements(By.cssSelector("form.action"))).isEmpty();
        browser.get(system.url("cicc") + "/cases/" + subject);
        assertThat(text(By.id("subject"))).isEqualTo(subject);
        assertThat(browser.findElements(By.cssSelector("form.action"))).isEmpty();
        assertThat(text(By.id("signed-in"))).isEqualTo("cicc-viewer · viewer");
        // A form's address opened as a page (reloaded after a refused form, say) is the work page, not a refusal.
        browser.get(system.url("cicc") + "/work/decline");
        assertThat(browser.getCurrentUrl()).isEqualTo(system.url("cicc") + "/");
        assertThat(text(By.id("main"))).contains(toCicc);
    }

    @Test
    @Order(5)
    void aRefusedActionShowsTheExchangesReasonAndWhatToDo() throws IOException {
        signIn("nctc", "nctc-caseworker");
        browser.get(system.url("nctc") + "/cases/" + subject);
        String refer = "refer-" + subject;
        Select toAgency = new Select(browser.findElement(By.id(refer + "-toAgency")));
        toAgency.selectByValue("iom");
        assertThat(toAgency.getFirstSelectedOption().getText())
                .as("an agency by its name, as everywhere on the pages")
                .isEqualTo("iom (reintegration programme)");
        browser.findElement(By.id(refer + "-services-LIVELIHOOD")).click();
        new Select(browser.findElement(By.id(refer + "-priority"))).selectByValue("WITHIN_72_HOURS");
        new Select(browser.findElement(By.id(refer + "-purpose"))).selectByValue("reintegration-support");
        // The form offers the person's consent; one nobody recorded instead: the service sends it, the exchange
        // refuses.
        WebElement consentRef = browser.findElement(By.id(refer + "-consentRef"));
        assertThat(consentRef.getDomProperty("value")).isEqualTo(consent);
        consentRef.clear();
        consentRef.sendKeys("CONSENT-NOSUCH99");
        refused(refer + "-submit", refer + "-error");

        assertThat(text(By.id(refer + "-error"))).startsWith("the exchange refused the event: no consent");
        WebElement refused = browser.findElement(By.cssSelector("#recent-table tbody tr"));
        assertThat(refused.getDomAttribute("class")).contains("refused");
        assertThat(refused.getText()).contains("No consent").contains("Record the person's consent");
        assertThat(browser.findElement(By.id(refer + "-consentRef")).getDomProperty("value"))
                .as("what was typed is kept")
                .isEqualTo("CONSENT-NOSUCH99");
        screenshot("work-refused.png");
    }

    @Test
    @Order(6)
    void htmlTypedIntoAFieldIsShownAsTextAndTheRefusalSitsBesideIt() {
        signIn("nctc", "nctc-caseworker");
        browser.get(system.url("nctc") + "/cases/" + subject);
        String refer = "refer-" + subject;
        String hostile = "<b id=\"bold\">Kwale</b><img src=x onerror=\"window.hacked=1\">";
        new Select(browser.findElement(By.id(refer + "-toAgency"))).selectByValue("iom");
        browser.findElement(By.id(refer + "-services-EDUCATION")).click();
        new Select(browser.findElement(By.id(refer + "-priority"))).selectByValue("WITHIN_2_WEEKS");
        new Select(browser.findElement(By.id(refer + "-purpose"))).selectByValue("reintegration-support");
        browser.findElement(By.id(refer + "-consentRef")).clear();
        browser.findElement(By.id(refer + "-consentRef")).sendKeys(consent);
        WebElement county = browser.findElement(By.id(refer + "-county"));
        county.clear();
        county.sendKeys(hostile);
        refused(refer + "-submit", refer + "-county-error");

        assertThat(text(By.id(refer + "-county-error"))).contains("47 counties");
        assertThat(browser.findElement(By.id(refer + "-county")).getDomProperty("value"))
                .isEqualTo(hostile);
        assertThat(browser.findElement(By.id(refer + "-services-EDUCATION")).isSelected())
                .as("the choices made are kept")
                .isTrue();
        assertThat(browser.findElements(By.id("bold"))).isEmpty();
        assertThat(browser.executeScript("return window.hacked === undefined;")).isEqualTo(true);
    }

    @Test
    @Order(7)
    void aFormPostedWithoutItsCsrfTokenIs403AndDoesNothing() throws Exception {
        signIn("iom", "iom-caseworker");
        awaitRow(toIomAgain);
        // The page's own session posting without the token, as another site's page would make the browser do.
        Object status = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('/work/accept', {method: 'POST', credentials: 'same-origin',"
                + " headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: 'referralId=" + toIomAgain + "&about=" + toIomAgain + "&page=" + subject + "'})"
                + ".then(r => done(r.status));");
        assertThat(status).isEqualTo(403L);
        // The same with the session cookie from outside the browser.
        Cookie session = browser.manage().getCookieNamed("DDRR_SESSION_IOM");
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(system.url("iom") + "/work/decline"))
                                .header("Cookie", session.getName() + "=" + session.getValue())
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "referralId=" + toIomAgain + "&reasonCode=OTHER"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(status(api("iom-caseworker"), toIomAgain)).isEqualTo("ISSUED");
    }

    @Test
    @Order(8)
    void anExpiredSessionReturnsToSignInAndKeepsNothingHalfDone() {
        signIn("iom", "iom-caseworker");
        awaitRow(toIomAgain);
        browser.get(system.url("iom") + "/cases/" + subject);
        // The server no longer knows the session, as after its 30 idle minutes.
        browser.manage().deleteCookieNamed("DDRR_SESSION_IOM");
        browser.manage().addCookie(new Cookie("DDRR_SESSION_IOM", "0123456789ABCDEF0123456789ABCDEF"));
        new Select(browser.findElement(By.id("decline-" + toIomAgain + "-reasonCode"))).selectByValue("OTHER");
        browser.findElement(By.id("decline-" + toIomAgain + "-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().endsWith("/login?expired"));

        assertThat(browser.getCurrentUrl()).isEqualTo(system.url("iom") + "/login?expired");
        assertThat(text(By.id("login-message"))).contains("session has expired");
        assertThat(status(api("iom-caseworker"), toIomAgain)).isEqualTo("ISSUED");
    }

    @Test
    @Order(9)
    void signingInAndActingWorkWithTheKeyboardAlone() throws IOException {
        browser.manage().deleteAllCookies();
        browser.get(system.url("cicc") + "/login?lang=en");
        assertAccessible("sign-in");
        screenshot("work-sign-in.png");
        // The name field has the focus; Tab moves on, Enter sends.
        browser.switchTo().activeElement().sendKeys("cicc-caseworker");
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        browser.switchTo().activeElement().sendKeys(staff.get("cicc-caseworker").password(), Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().equals(system.url("cicc") + "/"));
        // The first Tab reaches the link that skips to the content.
        new Actions(browser).sendKeys(Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getDomAttribute("href")).isEqualTo("#main");
        browser.findElement(By.id("sign-out")).sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().endsWith("/login?signed-out"));
        browser.get(system.url("cicc") + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    @Order(10)
    void theOperatorAddsAPersonWhoSignsInAndDisablesHerAgain() {
        String home = data.resolve("cicc").toString();
        String added = ddrr("staff", "add", "cicc", "cicc-staff-01", "--role", "caseworker", "--home", home);
        String password =
                added.lines().findFirst().orElseThrow().split(" / ")[1].split(" ")[0];
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);

        signIn("cicc", "cicc-staff-01", password);
        assertThat(text(By.id("signed-in"))).isEqualTo("cicc-staff-01 · caseworker");
        assertThat(ddrr("staff", "list", "cicc", "--home", home)).contains("cicc-staff-01  caseworker");

        ddrr("staff", "disable", "cicc", "cicc-staff-01", "--home", home);
        // Her open page: at her next click she is signed out.
        browser.navigate().refresh();
        assertThat(browser.getCurrentUrl()).isEqualTo(system.url("cicc") + "/login?error");
        browser.get(system.url("cicc") + "/login");
        browser.findElement(By.id("username")).sendKeys("cicc-staff-01");
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().endsWith("/login?error"));
        assertThat(api("cicc-viewer").get("/api/status").status()).isEqualTo(200);
        assertThat(new ServiceClient(system.url("cicc"), "cicc-staff-01", password)
                        .get("/api/status")
                        .status())
                .isEqualTo(401);
    }

    private static String ddrr(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Ddrr.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), args);
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    private static void signIn(String service, String account) {
        signIn(service, account, staff.get(account).password());
    }

    private static void signIn(String service, String account, String password) {
        browser.manage().deleteAllCookies();
        browser.get(system.url(service) + "/login?lang=en");
        browser.findElement(By.id("username")).sendKeys(account);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> d.getCurrentUrl().equals(system.url(service) + "/"));
    }

    /** Reloads the inbox until the referral is in it: the page is drawn on the server from the agency's inbox. */
    private static void awaitRow(String referralId) {
        new WebDriverWait(browser, PATIENCE)
                .pollingEvery(Duration.ofMillis(500))
                .withMessage("referral " + referralId + " in the inbox")
                .until(d -> {
                    d.navigate().refresh();
                    return !d.findElements(By.id("referral-" + referralId)).isEmpty();
                });
    }

    /**
     * Presses a form's button and waits for the page that answers with the action added to the session's list, then
     * until the exchange has delivered it, reloading while it is pending.
     */
    private static void act(String button) {
        long before = recentRows();
        browser.findElement(By.id(button)).click();
        new WebDriverWait(browser, PATIENCE)
                .pollingEvery(Duration.ofMillis(200))
                .withMessage(button + " answered")
                .until(d -> recentRows() > before);
        new WebDriverWait(browser, PATIENCE)
                .pollingEvery(Duration.ofMillis(500))
                .withMessage("the newest action delivered")
                .until(d -> {
                    String state =
                            (String) browser.executeScript("var row = document.querySelector('#recent-table tbody tr');"
                                    + "return row ? row.className : '';");
                    if (state.contains("pending")) {
                        d.navigate().refresh();
                    }
                    return state.contains("delivered");
                });
    }

    /** Presses a form's button and waits for the page that answers, refusing the form. */
    private static void refused(String button, String error) {
        browser.findElement(By.id(button)).click();
        new WebDriverWait(browser, PATIENCE)
                .pollingEvery(Duration.ofMillis(200))
                .withMessage(button + " refused")
                .until(d -> !d.findElements(By.id(error)).isEmpty());
    }

    private static void awaitPresent(By by) {
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> !d.findElements(by).isEmpty());
    }

    private static long recentRows() {
        return (Long) browser.executeScript("return document.querySelectorAll('#recent-table tbody tr').length;");
    }

    /** axe-core's checks of the page as shown: no violation of any rule it runs by default. */
    private static void assertAccessible(String page) {
        browser.executeScript(axe);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations =
                (List<Map<String, Object>>) browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "axe.run(document).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
                        + " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))));");
        assertThat(violations).as("axe-core on the " + page).isEmpty();
    }

    /** Under 200 KB with everything it loads, all of it from the service itself. */
    private static void assertLight() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> loaded = (List<Map<String, Object>>) browser.executeScript(
                "return performance.getEntries().filter(e => e.entryType === 'navigation' || e.entryType === "
                        + "'resource').map(e => ({name: e.name, size: e.decodedBodySize}));");
        String origin = URI.create(browser.getCurrentUrl()).resolve("/").toString();
        long total = 0;
        for (Map<String, Object> entry : loaded) {
            assertThat((String) entry.get("name")).as("loaded from the service").startsWith(origin);
            total += ((Number) entry.get("size")).longValue();
        }
        assertThat(total).as("bytes of the page and all it loads").isPositive().isLessThan(200 * 1024);
    }

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    private static String status(ServiceClient client, String referralId) {
        return client.get("/api/referrals/" + referralId).text("status");
    }

    private static ServiceClient api(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(system.url(a.service()), a.name(), a.password());
    }

    private static ServiceClient.Response created(ServiceClient.Response response) {
        assertThat(response.status()).as(response.body().toString()).isIn(201, 202);
        return response;
    }

    /** Issues a referral of the story's person; delivered or still pending, it is on the ledger either way. */
    private static String issue(ServiceClient nctc, String to, String purpose, String service) {
        return created(nctc.post("/api/referrals", StorySteps.referral(subject, to, purpose, consent, service)))
                .text("reference");
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static ChromeDriver chromium() throws IOException {
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
                        "--lang=en",
                        "--window-size=1280,1400",
                        "--user-data-dir="
                                + Files.createTempDirectory(TARGET, "chromium-profile-")
                                        .toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
