package org.vigil.server.console;

import java.util.List;

/** What the console's templates render: plain values, already decided and formatted here. */
public final class Views {

  private Views() {}

  /** The frame of every page: who is logged in, the form token, today's exposure. */
  public record Chrome(
      String title,
      String user,
      String role,
      String csrf,
      boolean canReadAudit,
      int reveals,
      int seconds,
      int cap,
      boolean capped,
      String flash) {}

  public record Option(String value, String label, boolean selected) {}

  public record Row(
      String id,
      String priority,
      String category,
      String queue,
      String state,
      String deadline,
      boolean overdue,
      int reports,
      boolean trustedFlagger,
      String claimedBy,
      String contentId) {}

  public record Queue(
      List<Row> rows,
      List<Option> queues,
      List<Option> states,
      List<Option> categories,
      boolean overdueOnly,
      String queue,
      String state,
      String category,
      boolean canDecide,
      List<Option> actions) {}

  public record HashCard(String bank, String type, int distance, String category, String source) {}

  public record Report(
      String category, String reporterKind, String explanation, String receivedAt) {}

  public record Decision(
      String action,
      String ground,
      String legalGround,
      String explanation,
      String decidedBy,
      String decidedAt,
      boolean onAppeal) {}

  public record Appeal(String reason, String filedAt, String outcome) {}

  public record History(String id, String category, String state, String createdAt) {}

  public record Rule(String id, String explanation) {}

  /**
   * The media panel.
   *
   * @param mode {@code hash} (known-hash match: cards only), {@code specialist} (csam media for
   *     specialists only), {@code capped} (daily cap reached), {@code media} (blurred until
   *     revealed), {@code none}
   */
  public record Media(String mode, String url, boolean video) {}

  public record CaseView(
      String id,
      String state,
      String queue,
      String priority,
      String category,
      String deadline,
      boolean overdue,
      String contentId,
      String accountId,
      String url,
      String source,
      String claimedBy,
      boolean claimedByMe,
      boolean appealPending,
      Media media,
      List<HashCard> hashes,
      List<Rule> rules,
      List<Report> reports,
      List<Decision> decisions,
      List<Appeal> appeals,
      List<History> history,
      boolean canDecide,
      List<Option> actions,
      String error,
      Filing filing,
      boolean canRequestReport) {}

  /**
   * The case's report to NCMEC's CyberTipline, when one was asked for.
   *
   * @param canConfirm this user may confirm it now (awaiting confirmation, a specialist or admin,
   *     not the one who asked)
   */
  public record Filing(
      String state,
      Long reportId,
      String failure,
      String requestedBy,
      String confirmedBy,
      boolean canConfirm) {}

  public record AuditRow(long seq, String at, String actor, String action, String subject) {}
}
