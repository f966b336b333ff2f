package org.vigil.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.app.ReviewConfig;
import org.vigil.app.TestServer;
import org.vigil.core.auth.Role;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.TestDatabases;

/**
 * Moderator wellbeing in real headless Chromium: the daily reveal cap
 * (VIGIL_CONSOLE_DAILY_REVEAL_CAP) moves a moderator off the queues with abuse media and refuses
 * further reveals until the next day; seconds of revealed media are metered; a console session ends
 * after its 12 hours, on the server's clock, whatever the browser still holds.
 */
@Timeout(300)
class ConsoleWellbeingBrowserTest {

  /** The server starts at the real time, so the countdowns in the screenshots read naturally. */
  private static final Instant T0 = Instant.now();

  private static Playwright playwright;
  private static Browser browser;
  private static TestServer server;
  private static HttpServer media;
  private static MutableClock clock;
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
    clock = new MutableClock(T0);
    server =
        new TestServer(
            TestDatabases.postgresUrl(),
            "postgres",
            "postgres",
            clock,
            ReviewConfig.defaults().withDailyRevealCap(2));
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

  /** A plain picture standing in for reported media (never real abuse material). */
  private static HttpServer benignImageServer() throws IOException {
    BufferedImage image = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(120, 170, 210));
    g.fillRect(0, 0, 320, 200);
    g.setColor(new Color(230, 190, 90));
    g.fillOval(200, 30, 60, 60);
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

  private static Page login(BrowserContext context, String name) {
    String oneTime =
        server
            .app()
            .review()
            .consoleUsers()
            .create(name, "moderator", "default", "test")
            .password();
    Page page = context.newPage();
    page.navigate(server.uri("/console/login").toString());
    page.fill("input[name=name]", name);
    page.fill("input[name=password]", oneTime);
    page.click("button[type=submit]");
    page.fill("input[name=current]", oneTime);
    page.fill("input[name=password]", "a long passphrase for " + name);
    page.click("form[action='/console/password'] button[type=submit]");
    assertThat(page.url()).endsWith("/console");
    return page;
  }

  private static void reveal(Page page, String caseId) {
    page.navigate(server.uri("/console/cases/" + caseId).toString());
    page.click("#reveal");
    page.waitForSelector("#media.revealed");
  }

  private static String queue(Page page) {
    page.navigate(server.uri("/console").toString());
    return page.locator("table#queue").textContent();
  }

  @Test
  void revealCap_reached_abuseMediaQueuesHiddenAndRevealsRefusedUntilTomorrow() {
    // 20:00 UTC: the next day begins within the 12 hours of the session logged in now.
    Instant evening =
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(44));
    clock.set(evening);
    String ncii = report("cap-ncii-1", "ncii");
    String grooming = report("cap-grooming-1", "grooming");
    String first = report("cap-terms-1", "terms");
    String second = report("cap-terms-2", "terms");
    String third = report("cap-terms-3", "terms");
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "carol");
      assertThat(queue(page)).contains("cap-ncii-1", "cap-grooming-1", "cap-terms-1");
      assertThat(page.locator(".exposure").textContent()).contains("0 reveals of 2");

      reveal(page, first);
      assertThat(page.locator("#reveals").textContent()).isEqualTo("1");
      reveal(page, ncii);
      assertThat(page.locator("#reveals").textContent()).isEqualTo("2");

      // At the cap: the queues with abuse media are gone, the others stay.
      String capped = queue(page);
      assertThat(capped).contains("cap-terms-2", "cap-terms-3").doesNotContain("cap-ncii-1");
      assertThat(capped).doesNotContain("cap-grooming-1");
      assertThat(page.locator("p.banner.warn").textContent()).contains("media cap");
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(SHOTS.resolve("queue-capped.png"))
              .setFullPage(true));
      // Nor can a bulk action reach them: without a category filter it is refused.
      page.click("details.bulk summary");
      page.selectOption("details.bulk select[name=action]", "remove");
      page.fill("details.bulk textarea[name=explanation]", "Spam.");
      page.click("details.bulk button[type=submit]");
      assertThat(page.content()).contains("media cap");
      assertThat(
              server
                  .send("GET", "/v1/cases/" + grooming, server.key(Role.AUDITOR), null)
                  .json()
                  .get("state")
                  .asText())
          .isEqualTo("open");
      // "Next case" never leads there either.
      page.navigate(server.uri("/console/next").toString());
      assertThat(page.url()).doesNotContain(grooming).doesNotContain(ncii);
      // Opened by its address, an abuse-media case keeps its media hidden, with no reveal button.
      page.navigate(server.uri("/console/cases/" + grooming).toString());
      assertThat(page.locator("img.shield").count()).isZero();
      assertThat(page.locator("#reveal").count()).isZero();
      assertThat(page.content()).contains("media cap is reached");
      // A further reveal is refused by the server, and says why.
      page.navigate(server.uri("/console/cases/" + second).toString());
      AtomicReference<String> alert = new AtomicReference<>();
      page.onceDialog(
          dialog -> {
            alert.set(dialog.message());
            dialog.dismiss();
          });
      page.click("#reveal");
      page.waitForCondition(() -> alert.get() != null);
      assertThat(alert.get()).contains("cap of 2");
      assertThat(page.locator("#media").getAttribute("class")).doesNotContain("revealed");
      assertThat(server.app().review().exposure().today("user:carol").reveals()).isEqualTo(2);

      // Another moderator is not affected by carol's cap.
      try (BrowserContext other = browser.newContext()) {
        Page dan = login(other, "dan-cap");
        assertThat(queue(dan)).contains("cap-ncii-1", "cap-grooming-1");
      }

      // The next day (UTC) the count starts again and the queues come back.
      clock.advance(Duration.ofHours(5));
      String tomorrow = queue(page);
      assertThat(tomorrow).contains("cap-ncii-1", "cap-grooming-1");
      assertThat(page.locator("#reveals").textContent()).isEqualTo("0");
      reveal(page, third);
      assertThat(page.locator("#reveals").textContent()).isEqualTo("1");
    }
  }

  @Test
  void knownHashMatch_shownAsItsMatchNeverAsMedia() {
    String admin = server.adminKey;
    assertThat(
            server
                .send("POST", "/v1/banks", admin, "{\"name\":\"known-list\",\"action\":\"review\"}")
                .status())
        .isEqualTo(201);
    String pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    server.send(
        "POST",
        "/v1/banks/known-list/signals",
        admin,
        "{\"type\":\"pdq\",\"value\":\"" + pdq + "\",\"category\":\"synthetic\"}");
    String url = "http://127.0.0.1:" + media.getAddress().getPort() + "/hash-1.png";
    TestServer.Reply scanned =
        server.send(
            "POST",
            "/v1/scan",
            platform,
            "{\"hashes\":{\"pdq\":\""
                + pdq
                + "\"},\"context\":{\"contentId\":\"hash-1\",\"url\":\""
                + url
                + "\"}}");
    assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
    String caseId = scanned.json().get("caseId").asText();
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "gina");
      page.navigate(server.uri("/console/cases/" + caseId).toString());
      assertThat(page.locator(".hashcard").textContent()).contains("known-list", "pdq");
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(SHOTS.resolve("case-known-hash.png"))
              .setFullPage(true));
      assertThat(page.content()).contains("Known-hash match");
      assertThat(page.locator("img.shield").count()).isZero();
      assertThat(page.locator("#reveal").count()).isZero();
      Object status =
          page.evaluate(
              "async (id) => (await fetch('/console/cases/' + id + '/reveal', {method: 'POST',"
                  + " body: new URLSearchParams({_csrf: document.body.dataset.csrf})})).status",
              caseId);
      assertThat(status).isEqualTo(403);
      assertThat(server.app().review().exposure().today("user:gina").reveals()).isZero();
    }
  }

  @Test
  void revealedMedia_secondsViewed_meteredWhenHiddenAgain() {
    String caseId = report("seconds-1", "terms");
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "erin");
      reveal(page, caseId);
      page.waitForTimeout(2200);
      // Leaving the page reports the seconds the media was shown (sendBeacon on pagehide).
      page.navigate(server.uri("/console").toString());
      page.waitForCondition(
          () -> server.app().review().exposure().today("user:erin").seconds() >= 2,
          new Page.WaitForConditionOptions().setTimeout(15_000));
      page.reload();
      assertThat(Integer.parseInt(page.locator("#seconds").textContent()))
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void session_afterTwelveHoursOnTheServersClock_endsAndLeadsToLogin() {
    try (BrowserContext context = browser.newContext()) {
      Page page = login(context, "frank");
      clock.advance(Duration.ofHours(11).plusMinutes(59));
      page.navigate(server.uri("/console").toString());
      assertThat(page.url()).endsWith("/console");
      clock.advance(Duration.ofMinutes(2));
      // The browser still sends its cookie; the server no longer knows the session.
      assertThat(context.cookies())
          .filteredOn(c -> c.name.equals("vigil_console"))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.httpOnly).isTrue();
                assertThat(c.sameSite).isEqualTo(SameSiteAttribute.STRICT);
              });
      page.navigate(server.uri("/console").toString());
      assertThat(page.url()).endsWith("/console/login");
      Object status =
          page.evaluate(
              "async () => (await fetch('/console/exposure', {method: 'POST', redirect: 'manual',"
                  + " body: new URLSearchParams({seconds: '5'})})).status");
      assertThat(status).isNotEqualTo(204);
      assertThat(server.app().review().exposure().today("user:frank").seconds()).isZero();
    }
  }
}
