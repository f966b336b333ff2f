package org.vigil.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditStore;
import org.vigil.core.auth.ConsoleSession;
import org.vigil.core.auth.ConsoleUser;
import org.vigil.core.auth.ConsoleUsers;
import org.vigil.core.error.VigilException;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.reports.AuthorityReports;
import org.vigil.core.reports.Filing;
import org.vigil.core.reports.FilingState;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.CaseQuery;
import org.vigil.core.review.CaseReview;
import org.vigil.core.review.CaseState;
import org.vigil.core.review.DecisionRequest;
import org.vigil.core.review.ExposureMeter;
import org.vigil.core.review.ModerationAction;
import org.vigil.core.review.Notice;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.StoredStatement;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.Signal;
import org.vigil.server.ApiModule;
import org.vigil.server.Routes;

/**
 * The moderator console at {@code /console}: server-rendered pages (jte templates compiled at build
 * time), a small script for shortcuts and countdowns, no front-end build and nothing from a CDN.
 * People log in with their own accounts; the session cookie is HttpOnly and SameSite=Strict, every
 * form carries the session's CSRF token, and every page is sent with a strict Content Security
 * Policy. The handlers only translate: decisions go through {@link CaseReview}, reveals through
 * {@link ExposureMeter}.
 */
public final class ConsoleModule implements ApiModule {

  static final String COOKIE = "vigil_console";
  static final String LOGIN_COOKIE = "vigil_login";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final Map<String, String> ASSETS =
      Map.of(
          "console.css", "text/css; charset=utf-8", "console.js", "text/javascript; charset=utf-8");

  /** A console page handler, given the logged-in session. */
  @FunctionalInterface
  interface Page {
    void handle(Context ctx, ConsoleSession session) throws Exception;
  }

  private final ConsoleUsers users;
  private final CaseReview review;
  private final ExposureMeter exposure;
  private final DecisionLog decisions;
  private final AuditStore audit;
  private final AuthorityReports reports;
  private final boolean secureCookies;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

  public ConsoleModule(
      ConsoleUsers users,
      CaseReview review,
      ExposureMeter exposure,
      DecisionLog decisions,
      AuditStore audit,
      boolean secureCookies) {
    this(users, review, exposure, decisions, audit, null, secureCookies);
  }

  /**
   * @param reports the cases' reports to authorities, shown on a case and confirmed there by a
   *     second specialist; null shows none
   */
  public ConsoleModule(
      ConsoleUsers users,
      CaseReview review,
      ExposureMeter exposure,
      DecisionLog decisions,
      AuditStore audit,
      AuthorityReports reports,
      boolean secureCookies) {
    this.users = users;
    this.review = review;
    this.exposure = exposure;
    this.decisions = decisions;
    this.audit = audit;
    this.reports = reports;
    this.secureCookies = secureCookies;
  }

  @Override
  public void register(Routes routes) {
    routes.consoleGet("/console/static/{file}", this::asset);
    routes.consoleGet("/console/login", this::loginPage);
    routes.consolePost("/console/login", this::login);
    routes.consolePost("/console/logout", page(this::logout, true));
    routes.consoleGet("/console/password", page(this::passwordPage, true));
    routes.consolePost("/console/password", page(this::changePassword, true));
    routes.consoleGet("/console", page(this::queue, false));
    routes.consoleGet("/console/next", page(this::next, false));
    routes.consoleGet("/console/audit", page(this::auditPage, false));
    routes.consoleGet("/console/cases/{id}", page((ctx, s) -> casePage(ctx, s, null, 200), false));
    routes.consoleGet("/console/cases/{id}/statement", page(this::statement, false));
    routes.consolePost("/console/cases/{id}/claim", page(this::claim, false));
    routes.consolePost("/console/cases/{id}/release", page(this::release, false));
    routes.consolePost("/console/cases/{id}/decision", page(this::decide, false));
    routes.consolePost("/console/cases/{id}/reveal", page(this::reveal, false));
    routes.consolePost("/console/cases/{id}/report", page(this::requestReport, false));
    routes.consolePost("/console/cases/{id}/report/confirm", page(this::confirmReport, false));
    routes.consolePost("/console/exposure", page(this::viewed, false));
    routes.consolePost("/console/bulk", page(this::bulk, false));
  }

  @Override
  public String openApiResource() {
    return "openapi/console.json";
  }

  // ---- sessions, CSRF, headers ----

  private Handler page(Page page, boolean passwordPages) {
    return ctx -> {
      securityHeaders(ctx);
      Optional<ConsoleSession> session = users.session(ctx.cookie(COOKIE));
      if (session.isEmpty()) {
        ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
        return;
      }
      ConsoleSession s = session.get();
      boolean post = "POST".equalsIgnoreCase(ctx.method().name());
      if (post && !sameToken(csrfOf(ctx), s.csrfToken())) {
        message(
            ctx,
            403,
            "Refused",
            "This form came without its security token (CSRF). Reload the page and try again.");
        return;
      }
      if (s.user().mustChangePassword() && !passwordPages) {
        ctx.redirect("/console/password", io.javalin.http.HttpStatus.SEE_OTHER);
        return;
      }
      try {
        page.handle(ctx, s);
      } catch (VigilException e) {
        message(ctx, status(e), "Not possible", e.getMessage());
      }
    };
  }

  private static String csrfOf(Context ctx) {
    String header = ctx.header("X-CSRF-Token");
    return header != null ? header : ctx.formParam("_csrf");
  }

  private static boolean sameToken(String given, String expected) {
    if (given == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static void securityHeaders(Context ctx) {
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' http: https: data:; media-src 'self' http: https:;"
            + " script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name
                + "="
                + value
                + "; Path=/console; Max-Age="
                + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict"
                + (secureCookies ? "; Secure" : ""));
  }

  private static int status(VigilException e) {
    return switch (e.kind()) {
      case INVALID -> 422;
      case MALFORMED -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA -> 415;
      case FORBIDDEN -> 403;
    };
  }

  private static String token() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void render(Context ctx, int status, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    templates.render(template, params, out);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }

  private void message(Context ctx, int status, String title, String text) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("status", status);
    params.put("title", title);
    params.put("message", text);
    render(ctx, status, "message.jte", params);
  }

  private Views.Chrome chrome(ConsoleSession s, String title, String flash) {
    ConsoleUser u = s.user();
    ExposureMeter.Exposure today = exposure.today(u.actor());
    return new Views.Chrome(
        title,
        u.name(),
        u.role().wireName(),
        s.csrfToken(),
        u.role().canReadAudit(),
        today.reveals(),
        today.seconds(),
        exposure.dailyRevealCap(),
        exposure.capped(u.actor()),
        flash);
  }

  // ---- login ----

  private void asset(Context ctx) throws IOException {
    String file = ctx.pathParam("file");
    String type = ASSETS.get(file);
    if (type == null) {
      ctx.status(404).result("not found");
      return;
    }
    try (InputStream in = ConsoleModule.class.getResourceAsStream("/console/static/" + file)) {
      if (in == null) {
        ctx.status(404).result("not found");
        return;
      }
      ctx.header("Cache-Control", "no-cache");
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.contentType(type).result(in.readAllBytes());
    }
  }

  private void loginPage(Context ctx) {
    securityHeaders(ctx);
    if (users.session(ctx.cookie(COOKIE)).isPresent()) {
      ctx.redirect("/console", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    loginForm(ctx, 200, null);
  }

  private void loginForm(Context ctx, int status, String error) {
    // Before a session exists the form's token is a double-submit cookie.
    String csrf = token();
    setCookie(ctx, LOGIN_COOKIE, csrf, 3600);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("csrf", csrf);
    params.put("error", error);
    render(ctx, status, "login.jte", params);
  }

  private void login(Context ctx) {
    securityHeaders(ctx);
    if (!sameToken(ctx.formParam("_csrf"), ctx.cookie(LOGIN_COOKIE))) {
      message(ctx, 403, "Refused", "This form came without its security token (CSRF).");
      return;
    }
    Optional<ConsoleUsers.Login> login =
        users.login(ctx.formParam("name"), ctx.formParam("password"));
    if (login.isEmpty()) {
      loginForm(ctx, 401, "Wrong name or password.");
      return;
    }
    setCookie(ctx, COOKIE, login.get().token(), ConsoleUsers.SESSION.toSeconds());
    setCookie(ctx, LOGIN_COOKIE, "", 0);
    ctx.redirect(
        login.get().session().user().mustChangePassword() ? "/console/password" : "/console",
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx, ConsoleSession s) {
    users.logout(s);
    setCookie(ctx, COOKIE, "", 0);
    ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void passwordPage(Context ctx, ConsoleSession s) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("chrome", chrome(s, "Password", null));
    params.put("error", null);
    render(ctx, 200, "password.jte", params);
  }

  private void changePassword(Context ctx, ConsoleSession s) {
    try {
      users.changePassword(s.user(), ctx.formParam("current"), ctx.formParam("password"));
    } catch (VigilException e) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("chrome", chrome(s, "Password", null));
      params.put("error", e.getMessage());
      render(ctx, 422, "password.jte", params);
      return;
    }
    ctx.redirect("/console", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  // ---- queue ----

  private void queue(Context ctx, ConsoleSession s) {
    ConsoleUser u = s.user();
    String queueName = blank(ctx.queryParam("queue"));
    CaseState state =
        blank(ctx.queryParam("state")) == null ? null : CaseState.fromWire(ctx.queryParam("state"));
    NoticeCategory category =
        blank(ctx.queryParam("category")) == null
            ? null
            : NoticeCategory.fromWire(ctx.queryParam("category"));
    boolean overdue = "true".equals(ctx.queryParam("overdue"));
    Instant now = review.now();
    boolean capped = exposure.capped(u.actor());
    List<Views.Row> rows = new ArrayList<>();
    for (ReviewCase c :
        review.list(
            new CaseQuery(
                u.tenant(),
                queueName,
                state,
                overdue ? Boolean.TRUE : null,
                category,
                null,
                now,
                200))) {
      if (state == null && c.state() == CaseState.DECIDED) {
        continue;
      }
      if (capped && ExposureMeter.MEDIA_QUEUES_CATEGORIES.contains(c.category())) {
        continue;
      }
      rows.add(
          new Views.Row(
              c.id(),
              c.priority().wireName(),
              c.category().wireName(),
              c.queue(),
              c.state().wireName(),
              c.deadline().toString(),
              c.overdue(now),
              c.noticeCount(),
              c.trustedFlagger(),
              c.claimedBy(),
              c.target().contentId()));
    }
    TreeSet<String> queues = new TreeSet<>();
    for (ReviewCase c :
        review.list(new CaseQuery(u.tenant(), null, null, null, null, null, now, 500))) {
      queues.add(c.queue());
    }
    if (queueName != null) {
      queues.add(queueName);
    }
    List<Views.Option> queueOptions = new ArrayList<>();
    for (String q : queues) {
      queueOptions.add(new Views.Option(q, q, q.equals(queueName)));
    }
    List<Views.Option> states = new ArrayList<>();
    for (CaseState st : CaseState.values()) {
      states.add(new Views.Option(st.wireName(), st.wireName(), st == state));
    }
    List<Views.Option> categories = new ArrayList<>();
    for (NoticeCategory cat : NoticeCategory.values()) {
      categories.add(new Views.Option(cat.wireName(), cat.wireName(), cat == category));
    }
    String flash = null;
    if (ctx.queryParam("bulk") != null) {
      flash = "Bulk decision: " + ctx.queryParam("bulk");
    } else if (ctx.queryParam("empty") != null) {
      flash = "No more cases to take in this queue.";
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("chrome", chrome(s, "Queue", flash));
    params.put(
        "queue",
        new Views.Queue(
            rows,
            queueOptions,
            states,
            categories,
            overdue,
            queueName == null ? "" : queueName,
            state == null ? "" : state.wireName(),
            category == null ? "" : category.wireName(),
            u.role().canDecide(),
            actionOptions(false)));
    render(ctx, 200, "queue.jte", params);
  }

  private void next(Context ctx, ConsoleSession s) {
    ConsoleUser u = s.user();
    String queueName = blank(ctx.queryParam("queue"));
    String skip = blank(ctx.queryParam("skip"));
    Instant now = review.now();
    boolean capped = exposure.capped(u.actor());
    for (ReviewCase c :
        review.list(new CaseQuery(u.tenant(), queueName, null, null, null, null, now, 200))) {
      if (c.state() == CaseState.DECIDED
          || c.id().equals(skip)
          || c.claimedByOther(u.actor(), now)
          || (capped && ExposureMeter.MEDIA_QUEUES_CATEGORIES.contains(c.category()))) {
        continue;
      }
      ctx.redirect("/console/cases/" + c.id(), io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    ctx.redirect(
        "/console?empty=1" + (queueName == null ? "" : "&queue=" + encode(queueName)),
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void bulk(Context ctx, ConsoleSession s) {
    requireDecider(s);
    String stateName = blank(ctx.formParam("state"));
    CaseState state = stateName == null ? null : CaseState.fromWire(stateName);
    String categoryName = blank(ctx.formParam("category"));
    NoticeCategory category = categoryName == null ? null : NoticeCategory.fromWire(categoryName);
    if (exposure.capped(s.user().actor())
        && (category == null || ExposureMeter.MEDIA_QUEUES_CATEGORIES.contains(category))) {
      // The cap moves the moderator off the abuse-media queues: a bulk action must not reach the
      // cases they can no longer see.
      message(
          ctx,
          409,
          "Refused",
          "You reached today's media cap: a bulk action needs a category filter outside the"
              + " abuse-media queues.");
      return;
    }
    CaseQuery query =
        new CaseQuery(
            s.user().tenant(),
            blank(ctx.formParam("queue")),
            state,
            "true".equals(ctx.formParam("overdue")) ? Boolean.TRUE : null,
            category,
            null,
            review.now(),
            200);
    CaseReview.BulkResult result = review.decideAll(query, s.user().actor(), request(ctx));
    ctx.redirect(
        "/console?bulk="
            + encode(
                result.decided().size()
                    + " cases decided with "
                    + result.actions()
                    + " actions, "
                    + result.skipped().size()
                    + " skipped"),
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  // ---- case ----

  private void casePage(Context ctx, ConsoleSession s, String error, int status) {
    ConsoleUser u = s.user();
    CaseFile file = review.file(u.tenant(), ctx.pathParam("id"));
    ReviewCase c = file.reviewCase();
    Instant now = review.now();
    List<Views.HashCard> hashes = new ArrayList<>();
    List<Views.Rule> rules = new ArrayList<>();
    if (c.policyDecisionId() != null) {
      Optional<DecisionRecord> policy = decisions.find(u.tenant(), c.policyDecisionId());
      if (policy.isPresent()) {
        for (Signal signal : policy.get().signals()) {
          if (signal instanceof HashMatch m) {
            hashes.add(
                new Views.HashCard(m.bank(), m.type(), m.distance(), m.category(), m.source()));
          }
        }
        for (FiredRule rule : policy.get().firedRules()) {
          rules.add(new Views.Rule(rule.rule(), rule.explanation()));
        }
      }
    }
    List<Views.Report> reports = new ArrayList<>();
    for (Notice n : file.notices()) {
      reports.add(
          new Views.Report(
              n.category().wireName(),
              n.reporterKind().wireName(),
              n.explanation(),
              WHEN.format(n.receivedAt())));
    }
    List<Views.Decision> decided = new ArrayList<>();
    for (CaseDecision d : file.decisions()) {
      decided.add(
          new Views.Decision(
              d.action().wireName(),
              d.ground() == null ? null : d.ground().wireName(),
              d.legalGround(),
              d.explanation(),
              d.decidedBy(),
              WHEN.format(d.decidedAt()),
              d.onAppeal()));
    }
    List<Views.Appeal> appeals = new ArrayList<>();
    for (org.vigil.core.review.Appeal a : file.appeals()) {
      appeals.add(new Views.Appeal(a.reason(), WHEN.format(a.filedAt()), a.outcome()));
    }
    List<Views.History> history = new ArrayList<>();
    if (c.target().accountId() != null) {
      for (ReviewCase other :
          review.list(
              new CaseQuery(u.tenant(), null, null, null, null, c.target().accountId(), now, 20))) {
        if (!other.id().equals(c.id())) {
          history.add(
              new Views.History(
                  other.id(),
                  other.category().wireName(),
                  other.state().wireName(),
                  WHEN.format(other.createdAt())));
        }
      }
    }
    Views.Filing filing = filing(u, c.id());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("chrome", chrome(s, "Case " + c.id(), null));
    params.put(
        "c",
        new Views.CaseView(
            c.id(),
            c.state().wireName(),
            c.queue(),
            c.priority().wireName(),
            c.category().wireName(),
            c.deadline().toString(),
            c.overdue(now),
            c.target().contentId(),
            c.target().accountId(),
            c.target().url(),
            c.source(),
            c.claimedByOther(u.actor(), now) ? c.claimedBy() : null,
            c.claimedBy(u.actor(), now),
            c.appealPending(),
            media(c, u, !hashes.isEmpty()),
            hashes,
            rules,
            reports,
            decided,
            appeals,
            history,
            u.role().canDecide(),
            actionOptions(c.appealPending()),
            error,
            filing,
            // The API's rule for POST /v1/cases/{id}/report; once asked, the report card shows.
            filing == null && reports != null && u.role().canRequestReports()));
    render(ctx, status, "case.jte", params);
  }

  /** The case's CyberTipline report as the console shows it, or null when none was asked for. */
  private Views.Filing filing(ConsoleUser u, String caseId) {
    if (reports == null) {
      return null;
    }
    Filing filing;
    try {
      filing = reports.status(u.tenant(), caseId);
    } catch (VigilException e) {
      return null;
    }
    boolean awaiting = filing.state() == FilingState.AWAITING_CONFIRMATION;
    return new Views.Filing(
        filing.state().name().toLowerCase(java.util.Locale.ROOT),
        filing.state() == FilingState.FILED ? filing.reportId() : null,
        filing.failure(),
        filing.requestedBy(),
        filing.confirmedBy(),
        awaiting && u.role().canConfirmReports() && !u.actor().equals(filing.requestedBy()));
  }

  /**
   * Asks for the case's CyberTipline report from the console: the API's use case ({@code POST
   * /v1/cases/{id}/report}) with its role rule (a specialist or admin), audited there as {@code
   * report.request}. Asking again finds the same report.
   */
  private void requestReport(Context ctx, ConsoleSession s) {
    if (reports == null || !s.user().role().canRequestReports()) {
      message(
          ctx,
          403,
          "Forbidden",
          "Your role (" + s.user().role().wireName() + ") does not ask for reports.");
      return;
    }
    String id = ctx.pathParam("id");
    try {
      reports.request(s.user().tenant(), id, s.user().actor());
    } catch (VigilException e) {
      casePage(ctx, s, e.getMessage(), status(e));
      return;
    }
    ctx.redirect("/console/cases/" + id, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /**
   * The four-eyes confirmation from the console: the same rule as {@code POST
   * /v1/cases/{id}/report/confirm} (a specialist or admin, not the person who asked), audited.
   */
  private void confirmReport(Context ctx, ConsoleSession s) {
    if (reports == null || !s.user().role().canConfirmReports()) {
      message(
          ctx,
          403,
          "Forbidden",
          "Your role (" + s.user().role().wireName() + ") does not confirm reports.");
      return;
    }
    String id = ctx.pathParam("id");
    try {
      reports.confirm(s.user().tenant(), id, s.user().actor());
    } catch (VigilException e) {
      casePage(ctx, s, e.getMessage(), status(e));
      return;
    }
    ctx.redirect("/console/cases/" + id, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private Views.Media media(ReviewCase c, ConsoleUser u, boolean knownHash) {
    String type = c.target().contentType();
    boolean visual = "image".equals(type) || "video".equals(type);
    if (knownHash) {
      return new Views.Media("hash", null, false);
    }
    if (c.target().url() == null || !visual) {
      return new Views.Media("none", null, false);
    }
    if (c.category() == NoticeCategory.CSAM && !u.role().canViewCsamMedia()) {
      return new Views.Media("specialist", null, false);
    }
    if (exposure.capped(u.actor())
        && ExposureMeter.MEDIA_QUEUES_CATEGORIES.contains(c.category())) {
      return new Views.Media("capped", null, false);
    }
    return new Views.Media("media", c.target().url(), "video".equals(type));
  }

  private static List<Views.Option> actionOptions(boolean appeal) {
    List<Views.Option> options = new ArrayList<>();
    for (ModerationAction action : ModerationAction.values()) {
      if (action == ModerationAction.RESTORE && !appeal) {
        continue;
      }
      options.add(new Views.Option(action.wireName(), action.wireName().replace('_', ' '), false));
    }
    return options;
  }

  private void requireDecider(ConsoleSession s) {
    if (!s.user().role().canDecide()) {
      throw new VigilException(
          VigilException.Kind.CONFLICT, "forbidden", "your role does not decide cases", null);
    }
  }

  private boolean forbidDecider(Context ctx, ConsoleSession s) {
    if (!s.user().role().canDecide()) {
      message(
          ctx,
          403,
          "Forbidden",
          "Your role (" + s.user().role().wireName() + ") does not decide cases.");
      return true;
    }
    return false;
  }

  private void claim(Context ctx, ConsoleSession s) {
    if (forbidDecider(ctx, s)) {
      return;
    }
    String id = ctx.pathParam("id");
    try {
      review.claim(s.user().tenant(), id, s.user().actor());
    } catch (VigilException e) {
      casePage(ctx, s, e.getMessage(), status(e));
      return;
    }
    ctx.redirect("/console/cases/" + id, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void release(Context ctx, ConsoleSession s) {
    if (forbidDecider(ctx, s)) {
      return;
    }
    String id = ctx.pathParam("id");
    ReviewCase c = review.file(s.user().tenant(), id).reviewCase();
    review.release(s.user().tenant(), id, s.user().actor());
    ctx.redirect(
        "/console/next?queue=" + encode(c.queue()) + "&skip=" + encode(id),
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void decide(Context ctx, ConsoleSession s) {
    if (forbidDecider(ctx, s)) {
      return;
    }
    String id = ctx.pathParam("id");
    String queueName;
    try {
      queueName = review.file(s.user().tenant(), id).reviewCase().queue();
      review.decide(s.user().tenant(), id, s.user().actor(), request(ctx));
    } catch (VigilException e) {
      casePage(ctx, s, e.getMessage(), status(e));
      return;
    }
    ctx.redirect(
        "1".equals(ctx.formParam("next"))
            ? "/console/next?queue=" + encode(queueName)
            : "/console/cases/" + id,
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static DecisionRequest request(Context ctx) {
    return new DecisionRequest(
        blank(ctx.formParam("action")),
        blank(ctx.formParam("ground")),
        blank(ctx.formParam("legalGround")),
        blank(ctx.formParam("explanation")),
        blank(ctx.formParam("reply")));
  }

  private void reveal(Context ctx, ConsoleSession s) throws JsonProcessingException {
    ConsoleUser u = s.user();
    ReviewCase c = review.file(u.tenant(), ctx.pathParam("id")).reviewCase();
    Views.Media media =
        media(
            c,
            u,
            c.source().equals("policy") && c.policyDecisionId() != null && hasHashMatch(u, c));
    if (!media.mode().equals("media")) {
      json(
          ctx,
          403,
          Map.of(
              "error", "forbidden", "message", "this media cannot be revealed: " + media.mode()));
      return;
    }
    ExposureMeter.Exposure today;
    try {
      today = exposure.reveal(u.actor(), c);
    } catch (VigilException e) {
      json(ctx, status(e), Map.of("error", e.code(), "message", e.getMessage()));
      return;
    }
    json(
        ctx,
        200,
        Map.of(
            "reveals",
            today.reveals(),
            "seconds",
            today.seconds(),
            "cap",
            exposure.dailyRevealCap()));
  }

  private boolean hasHashMatch(ConsoleUser u, ReviewCase c) {
    return decisions
        .find(u.tenant(), c.policyDecisionId())
        .map(d -> d.signals().stream().anyMatch(sig -> sig instanceof HashMatch))
        .orElse(false);
  }

  private void viewed(Context ctx, ConsoleSession s) {
    int seconds;
    try {
      seconds = Integer.parseInt(ctx.formParam("seconds") == null ? "" : ctx.formParam("seconds"));
    } catch (NumberFormatException e) {
      ctx.status(422);
      return;
    }
    exposure.viewed(s.user().actor(), seconds);
    ctx.status(204);
  }

  private void statement(Context ctx, ConsoleSession s) throws JsonProcessingException {
    StoredStatement st = review.statement(s.user().tenant(), ctx.pathParam("id"));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("chrome", chrome(s, "Statement", null));
    params.put("caseId", st.caseId());
    params.put("plain", pretty(st.plainJson()));
    params.put("transparency", pretty(st.transparencyJson()));
    params.put(
        "filing",
        st.filedAt() != null
            ? "filed " + WHEN.format(st.filedAt())
            : st.filingError() != null ? "refused: " + st.filingError() : pending(s));
    render(ctx, 200, "statement.jte", params);
  }

  /**
   * A pending statement: waiting for the filer, or kept unfiled for the reason the review gives.
   */
  private String pending(ConsoleSession s) {
    String why = review.notFiledBecause(s.user().tenant());
    return why == null ? "pending" : "pending: " + why;
  }

  private void auditPage(Context ctx, ConsoleSession s) {
    if (!s.user().role().canReadAudit()) {
      message(ctx, 403, "Forbidden", "The audit log is for auditors and admins.");
      return;
    }
    List<Views.AuditRow> rows = new ArrayList<>();
    for (AuditEntry e : audit.latest(200, null)) {
      rows.add(
          new Views.AuditRow(e.seq(), WHEN.format(e.at()), e.actor(), e.action(), e.subject()));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("chrome", chrome(s, "Audit", null));
    params.put("rows", rows);
    render(ctx, 200, "audit.jte", params);
  }

  private static String pretty(String json) throws JsonProcessingException {
    return Json.MAPPER
        .writerWithDefaultPrettyPrinter()
        .writeValueAsString(Json.MAPPER.readTree(json));
  }

  private static void json(Context ctx, int status, Map<String, ?> body)
      throws JsonProcessingException {
    ctx.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsBytes(body));
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
