package org.vigil.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.app.TestServer;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/**
 * The moderator console in real headless Chromium (Debian's, driven by Playwright): a moderator
 * logs in, claims a case and decides it with the keyboard, and the statement of reasons exists; an
 * auditor cannot decide; a visitor is sent to the login page; a form without its CSRF token is
 * refused. Screenshots of the queue and a case land in target/console-screenshots (docs/ holds
 * copies).
 */
@Timeout(300)
class ConsoleBrowserTest {

  private static Playwright playwright;
  private static Browser browser;
  private static TestServer server;
  private static HttpServer media;
  private static String platform;
  private static final Path SHOTS = Paths.get("target", "console-screenshots");

  @BeforeAll
  static void start() throws IOException {
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(Paths.get("/usr/bin/chromium"))
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run")));
    server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres");
    platform = server.key(Role.PLATFORM);
    media = benignImageServer();
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (server != null) {
      server.close();
    }
    if (media != null) {
      media.stop(0);
    }
  }

  /** A landscape gradient, standing in for reported media (never real abuse material). */
  private static HttpServer benignImageServer() throws IOException {
    BufferedImage image = new BufferedImage(480, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(90, 160, 220), 0, 300, new Color(240, 200, 120)));
    g.fillRect(0, 0, 480, 300);
    g.setColor(new Color(60, 120, 60));
    g.fillOval(-80, 200, 640, 220);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    byte[] bytes = png.toByteArray();
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "image/png");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    http.start();
    return http;
  }

  private static String report(String content, String category) {
    String url = "http://127.0.0.1:" + media.getAddress().getPort() + "/" + content + ".png";
    TestServer.Reply reply =
        server.send(
            "POST",
            "/v1/reports",
            platform,
            "{\"target\":{\"contentId\":\""
                + content
                + "\",\"accountId\":\"acct-"
                + content
                + "\",\"url\":\""
                + url
                + "\",\"contentType\":\"image\"},\"category\":\""
                + category
                + "\",\"explanation\":\"Reported by a user in the app.\",\"reporter\":{\"kind\":"
                + "\"user\",\"id\":\"u-"
                + content
                + "\"},\"goodFaith\":true}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().get("caseId").asText();
  }

  /** Creates a console user and logs in through the pages, replacing the one-time password. */
  private static Page login(BrowserContext context, String name, String role) {
    String oneTime =
        server.app().review().consoleUsers().create(name, role, "default", "test").password();
    Page page = context.newPage();
    page.navigate(server.uri("/console/login").toString());
    page.fill("input[name=name]", name);
    page.fill("input[name=password]", oneTime);
    page.click("button[type=submit]");
    assertThat(page.url()).endsWith("/console/password");
    page.fill("input[name=current]", oneTime);
    page.fill("input[name=password]", "a long passphrase for " + name);
    page.click("form[action='/console/password'] button[type=submit]");
    assertThat(page.url()).endsWith("/console");
    return page;
  }

  @Test
  void moderator_claimsAndDecidesWithTheKeyboard_statementExists() throws Exception {
    String caseId = report("holiday-1", "terms");
    report("holiday-2", "terms");
    report("upload-77", "ncii");
    report("chat-12", "grooming");
    report("comment-5", "sexualised_comments_minor");
    try (BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860))) {
      Page page = login(context, "alice", "moderator");
      assertThat(page.locator("table#queue").textContent()).contains("holiday-1");
      page.screenshot(
          new Page.ScreenshotOptions().setPath(SHOTS.resolve("queue.png")).setFullPage(true));

      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.locator("#media img.shield").count()).isEqualTo(1);
      assertThat(page.locator("#media").getAttribute("class")).doesNotContain("revealed");
      page.screenshot(
          new Page.ScreenshotOptions().setPath(SHOTS.resolve("case.png")).setFullPage(true));

      page.click("#reveal");
      page.waitForSelector("#media.revealed");
      assertThat(page.locator("#reveals").textContent()).isEqualTo("1");

      page.keyboard().press("c");
      page.waitForSelector("text=You hold this case.");
      page.waitForLoadState(LoadState.LOAD);
      page.keyboard().press("1");
      assertThat(page.locator("input[data-key='1']").isChecked()).isTrue();
      page.selectOption("#ground", "terms");
      page.focus("#explanation");
      page.keyboard().type("Spam links under a holiday photo.");
      page.keyboard().press("Control+Enter");
      page.waitForURL(url -> !url.contains(caseId));
      assertThat(page.url()).contains("/console/cases/");

      TestServer.Reply statement =
          server.send("GET", "/v1/cases/" + caseId + "/statement", platform, null);
      assertThat(statement.status()).isEqualTo(200);
      JsonNode file =
          server.send("GET", "/v1/cases/" + caseId, server.key(Role.AUDITOR), null).json();
      assertThat(file.get("decisions").get(0).get("action").asText()).isEqualTo("remove");
      assertThat(file.get("decisions").get(0).get("decidedBy").asText()).isEqualTo("user:alice");
      assertThat(server.app().auditStore().latest(50, "case:" + caseId))
          .anySatisfy(e -> assertThat(e.action()).isEqualTo("media.reveal"));
    }
  }

  @Test
  void moderator_bulkActionFromAFilter_decidesEveryCaseOfItAndNoOther() {
    String first = report("selfharm-1", "self_harm");
    String second = report("selfharm-2", "self_harm");
    String other = report("holiday-bulk", "terms");
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "bulkie", "moderator");
      page.navigate(server.uri("/console?category=self_harm").toString());
      assertThat(page.locator("table#queue tbody tr").count()).isEqualTo(2);
      page.click("details.bulk summary");
      assertThat(page.locator("details.bulk summary").textContent()).contains("(2)");
      page.selectOption("details.bulk select[name=action]", "restrict_visibility");
      page.selectOption("details.bulk select[name=ground]", "terms");
      page.fill("details.bulk textarea[name=explanation]", "Self-harm imagery, shown only on tap.");
      page.click("details.bulk button[type=submit]");
      assertThat(page.locator("p.banner").first().textContent())
          .contains("2 cases decided with 2 actions, 0 skipped");
      String auditor = server.key(Role.AUDITOR);
      for (String caseId : List.of(first, second)) {
        JsonNode file = server.send("GET", "/v1/cases/" + caseId, auditor, null).json();
        assertThat(file.get("state").asText()).isEqualTo("decided");
        assertThat(file.get("decisions").get(0).get("action").asText())
            .isEqualTo("restrict_visibility");
        assertThat(file.get("decisions").get(0).get("decidedBy").asText()).isEqualTo("user:bulkie");
      }
      assertThat(
              server.send("GET", "/v1/cases/" + other, auditor, null).json().get("state").asText())
          .isEqualTo("open");
    }
  }

  @Test
  void moderator_queueByKeyboardThenSkip_givesTheClaimBackAndMovesOn() {
    report("skip-1", "illegal_other");
    report("skip-2", "illegal_other");
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "skipper", "moderator");
      page.navigate(server.uri("/console?category=illegal_other").toString());
      // j selects the first row, Enter opens it.
      page.keyboard().press("j");
      page.keyboard().press("Enter");
      page.waitForURL(url -> url.contains("/console/cases/"));
      String opened = page.url().substring(page.url().lastIndexOf('/') + 1);
      page.keyboard().press("c");
      page.waitForSelector("text=You hold this case.");
      assertThat(
              server
                  .send("GET", "/v1/cases/" + opened, server.key(Role.AUDITOR), null)
                  .json()
                  .get("state")
                  .asText())
          .isEqualTo("claimed");
      page.keyboard().press("s");
      page.waitForURL(url -> !url.endsWith(opened));
      JsonNode back =
          server.send("GET", "/v1/cases/" + opened, server.key(Role.AUDITOR), null).json();
      assertThat(back.get("state").asText()).isEqualTo("open");
      assertThat(back.get("claimedBy").isNull()).isTrue();
      assertThat(server.app().auditStore().latest(20, "case:" + opened))
          .anySatisfy(e -> assertThat(e.action()).isEqualTo("case.release"));
    }
  }

  private static void decideInForm(Page page, String action, String explanation) {
    page.check("#decide input[name=action][value=" + action + "]");
    if (!action.equals("restore")) {
      page.selectOption("#ground", "terms");
    }
    page.fill("#explanation", explanation);
    page.click("#decide-button");
  }

  @Test
  void appeal_inTheConsole_decidedByAnotherModerator_theFirstIsRefused() {
    String caseId = report("appeal-1", "terms");
    try (BrowserContext amyContext = browser.newContext();
        BrowserContext benContext = browser.newContext()) {
      Page amy = login(amyContext, "amy", "moderator");
      amy.navigate(server.uri("/console/cases/" + caseId).toString());
      decideInForm(amy, "remove", "Spam links.");
      amy.waitForSelector("text=by user:amy");
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/cases/" + caseId + "/appeals",
                      platform,
                      "{\"reason\":\"These are my own shop's links.\"}")
                  .status())
          .isEqualTo(201);

      // The appeal is in the Appeals view, with its reason; restore is offered.
      amy.navigate(server.uri("/console?state=appealed").toString());
      assertThat(amy.locator("table#queue").textContent()).contains("appeal-1");
      amy.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(amy.content()).contains("These are my own shop's links.");
      decideInForm(amy, "restore", "On reflection the links are fine.");
      assertThat(amy.locator("#error").textContent()).contains("different moderator");

      Page ben = login(benContext, "ben", "moderator");
      ben.navigate(server.uri("/console/cases/" + caseId).toString());
      decideInForm(ben, "restore", "The shop is the uploader's own.");
      ben.waitForSelector("text=by user:ben");
      JsonNode file =
          server.send("GET", "/v1/cases/" + caseId, server.key(Role.AUDITOR), null).json();
      assertThat(file.get("state").asText()).isEqualTo("decided");
      assertThat(file.get("appeals").get(0).get("outcome").asText()).isEqualTo("reversed");
      assertThat(file.get("decisions").get(1).get("decidedBy").asText()).isEqualTo("user:ben");
    }
  }

  @Test
  void auditView_forAuditors_refusedToModerators() {
    String caseId = report("audit-1", "terms");
    try (BrowserContext moderatorContext = browser.newContext();
        BrowserContext auditorContext = browser.newContext()) {
      Page moderator = login(moderatorContext, "mona", "moderator");
      moderator.navigate(server.uri("/console/cases/" + caseId).toString());
      moderator.click("#claim");
      moderator.waitForSelector("text=You hold this case.");
      com.microsoft.playwright.Response refused =
          moderator.navigate(server.uri("/console/audit").toString());
      assertThat(refused.status()).isEqualTo(403);

      Page auditor = login(auditorContext, "otto", "auditor");
      auditor.navigate(server.uri("/console/audit").toString());
      String log = auditor.locator("main").textContent();
      assertThat(log).contains("case.claim", "case:" + caseId, "user:mona", "console.login");
    }
  }

  @Test
  void auditor_seesNoDecisionFormAndIsRefusedByTheServer() {
    String caseId = report("auditor-1", "terms");
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "audra", "auditor");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.locator("#decide").count()).isZero();
      assertThat(page.content()).contains("Read-only");
      Object status =
          page.evaluate(
              "async (id) => { const csrf = document.body.dataset.csrf;"
                  + " const r = await fetch('/console/cases/' + id + '/decision', {method: 'POST',"
                  + " body: new URLSearchParams({_csrf: csrf, action: 'remove', ground: 'terms',"
                  + " explanation: 'x'})}); return r.status; }",
              caseId);
      assertThat(status).isEqualTo(403);
      assertThat(
              server
                  .send("GET", "/v1/cases/" + caseId, server.key(Role.AUDITOR), null)
                  .json()
                  .get("state")
                  .asText())
          .isEqualTo("open");
    }
  }

  @Test
  void visitor_toConsole_redirectedToLogin() {
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      page.navigate(server.uri("/console").toString());
      assertThat(page.url()).endsWith("/console/login");
      page.navigate(server.uri("/console/cases/anything").toString());
      assertThat(page.url()).endsWith("/console/login");
    }
  }

  @Test
  void formWithoutCsrfToken_refused() {
    String caseId = report("csrf-1", "terms");
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "mallory", "moderator");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      page.evaluate("document.querySelector('#claim-form input[name=_csrf]').remove()");
      page.click("#claim");
      assertThat(page.locator("#message").textContent()).contains("CSRF");
      assertThat(
              server
                  .send("GET", "/v1/cases/" + caseId, server.key(Role.AUDITOR), null)
                  .json()
                  .get("state")
                  .asText())
          .isEqualTo("open");
    }
  }

  @Test
  void csamCase_mediaOnlyForSpecialists() {
    String caseId = report("flagged-1", "csam");
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "mo", "moderator");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.locator("img.shield").count()).isZero();
      assertThat(page.content()).contains("specialists only");
      Object status =
          page.evaluate(
              "async (id) => (await fetch('/console/cases/' + id + '/reveal', {method: 'POST',"
                  + " body: new URLSearchParams({_csrf: document.body.dataset.csrf})})).status",
              caseId);
      assertThat(status).isEqualTo(403);
    }
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "sam", "specialist");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.locator("img.shield").count()).isEqualTo(1);
    }
  }

  @Test
  void specialist_confirmsCaseReportInTheConsole_moderatorRefused() {
    String caseId = report("ncmec-1", "csam");
    // One specialist asks for the report through the API; a second confirms it in the console.
    TestServer.Reply asked =
        server.send("POST", "/v1/cases/" + caseId + "/report", server.key(Role.SPECIALIST), null);
    assertThat(asked.status()).as(asked.body()).isEqualTo(202);
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "morgan", "moderator");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.textContent("#filing-state")).isEqualTo("awaiting confirmation");
      assertThat(page.locator("#confirm-report").count()).isZero();
      Object status =
          page.evaluate(
              "async (id) => (await fetch('/console/cases/' + id + '/report/confirm', {method:"
                  + " 'POST', body: new URLSearchParams({_csrf: document.body.dataset.csrf})}))"
                  + ".status",
              caseId);
      assertThat(status).isEqualTo(403);
    }
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "sasha", "specialist");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      page.click("#confirm-report");
      assertThat(page.url()).endsWith("/console/cases/" + caseId);
      assertThat(page.textContent("#filing-state")).isEqualTo("sending");
      assertThat(page.textContent("#cybertipline")).contains("confirmed by");
      assertThat(page.locator("#confirm-report").count()).isZero();
    }
    TestServer.Reply status =
        server.send("GET", "/v1/cases/" + caseId + "/report", server.key(Role.AUDITOR), null);
    assertThat(status.json().get("state").asText()).isEqualTo("sending");
    assertThat(status.json().get("confirmedBy").asText()).contains("sasha");
  }

  @Test
  void specialist_asksForReportFromTheCasePage_auditorAndModeratorSeeNoButtonNoCsrfRefused() {
    String caseId = report("ncmec-ask-1", "csam");
    String path = "/v1/cases/" + caseId + "/report";
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "aubrey", "auditor");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.locator("#request-report").count()).isZero();
      // With the session's token, the server still refuses the auditor's role.
      Object status =
          page.evaluate(
              "async (id) => (await fetch('/console/cases/' + id + '/report', {method: 'POST',"
                  + " body: new URLSearchParams({_csrf: document.body.dataset.csrf})})).status",
              caseId);
      assertThat(status).isEqualTo(403);
    }
    try (BrowserContext context = browser.newContext()) {
      // Moderators do not ask for reports either: the API's rule is specialists and admins.
      Page page = login(context, "monty", "moderator");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.locator("#request-report").count()).isZero();
    }
    assertThat(server.send("GET", path, server.key(Role.AUDITOR), null).status()).isEqualTo(404);
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "sidney", "specialist");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      // The form without its token is refused and asks for nothing.
      page.evaluate("document.querySelector('#request-report-form input[name=_csrf]').remove()");
      page.click("#request-report");
      assertThat(page.locator("#message").textContent()).contains("CSRF");
      assertThat(server.send("GET", path, server.key(Role.AUDITOR), null).status()).isEqualTo(404);

      page.navigate(server.uri("/console/cases/" + caseId).toString());
      page.click("#request-report");
      assertThat(page.url()).endsWith("/console/cases/" + caseId);
      assertThat(page.textContent("#filing-state")).isEqualTo("awaiting confirmation");
      assertThat(page.textContent("#cybertipline")).contains("asked for by").contains("sidney");
      assertThat(page.locator("#request-report").count()).isZero();
      // The one who asked does not confirm (four eyes).
      assertThat(page.locator("#confirm-report").count()).isZero();
    }
    TestServer.Reply filing = server.send("GET", path, server.key(Role.AUDITOR), null);
    assertThat(filing.status()).as(filing.body()).isEqualTo(200);
    assertThat(filing.json().get("state").asText()).isEqualTo("awaiting_confirmation");
    assertThat(filing.json().get("requestedBy").asText()).contains("sidney");
    // Audited as the API's request is, by the use case both share.
    java.util.List<String> requests = new java.util.ArrayList<>();
    server
        .app()
        .auditStore()
        .forEach(
            entry -> {
              if (entry.action().equals("report.request")
                  && entry.subject().equals("case:" + caseId)) {
                requests.add(entry.actor());
              }
            });
    assertThat(requests).singleElement().asString().contains("sidney");
  }
}
