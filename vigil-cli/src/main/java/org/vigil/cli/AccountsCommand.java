package org.vigil.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.Principal;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.minors.ExistingAccountsReview;
import org.vigil.core.minors.RuleSetDiff;
import org.vigil.core.minors.RuleSetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil accounts review}: the existing-accounts job, from the command line. */
@Command(
    name = "accounts",
    mixinStandardHelpOptions = true,
    description = "Registered accounts (minimum age and protection of minors).",
    subcommands = {AccountsCommand.Review.class})
public final class AccountsCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Re-evaluates every registered account under the current rules, one tenant after another (or
   * only {@code --tenant}); prints each account that now fails with the action to take, and records
   * it in its tenant's outbox read by GET /v1/accounts/actions.
   */
  @Command(
      name = "review",
      mixinStandardHelpOptions = true,
      description =
          "List accounts now under the minimum age (after a rule change) with the action to take;"
              + " records them in the actions outbox (exit 0; 1 when any was found).")
  static final class Review implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--service",
        required = true,
        description =
            "Service category: social_network, messaging, video_sharing, gaming_chat,"
                + " forum, live_streaming.")
    String service;

    @Option(names = "--at", description = "Evaluate at this moment (ISO-8601; default now).")
    String at;

    @Option(
        names = "--since",
        paramLabel = "OLD_RULES",
        description =
            "The rule file in force before this update (or 'bundled'): prints what changed"
                + " (as vigil rules diff) and re-checks only the accounts of the jurisdictions"
                + " it affects.")
    String since;

    @Option(
        names = "--tenant",
        description =
            "Review only this tenant's accounts (default: every tenant, each on its own; a"
                + " tenant's findings are printed after a '# tenant NAME' line).")
    String tenant;

    @Override
    public Integer call() {
      ServiceCategory category;
      Instant moment;
      try {
        category = ServiceCategory.fromWire(service);
        moment = at == null ? Instant.now() : OffsetDateTime.parse(at).toInstant();
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (VigilApp app = state.open()) {
        Instant now = app.clock().instant();
        java.util.Set<String> only = null;
        RuleSetDiff diff = null;
        if (since != null) {
          try {
            diff = RuleSetDiff.between(RulesCommand.load(since), app.minors().rules());
          } catch (RuleSetException e) {
            throw new CommandLine.ParameterException(
                spec.commandLine(), "--since: " + e.getMessage(), e);
          }
          diff.lines().forEach(out::println);
          only = diff.affectedJurisdictions();
        }
        AtomicInteger recorded = new AtomicInteger();
        ExistingAccountsReview review = app.accountsReview();
        List<String> tenants = tenant != null ? List.of(tenant) : review.tenants();
        int scanned = 0;
        int skipped = 0;
        int flagged = 0;
        String version = null;
        for (String each : tenants) {
          if (tenants.size() > 1 || !each.equals(Principal.DEFAULT_TENANT)) {
            out.println("# tenant " + each);
          }
          ExistingAccountsReview.Summary one =
              review.run(
                  each,
                  category,
                  moment,
                  finding -> {
                    out.println(
                        finding.accountId()
                            + "\t"
                            + finding.country()
                            + "\t"
                            + finding.action()
                            + "\t"
                            + String.join(",", finding.rules()));
                    if (app.reviewActions()
                        .record(finding, category, finding.decision().dataVersion(), now)) {
                      recorded.incrementAndGet();
                    }
                  },
                  only);
          scanned += one.scanned();
          skipped += one.skipped();
          flagged += one.flagged();
          version = one.policyVersion() != null ? one.policyVersion() : version;
        }
        ExistingAccountsReview.Summary summary =
            new ExistingAccountsReview.Summary(scanned, skipped, flagged, version);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tenants", String.join(",", tenants));
        details.put("service", category.wireName());
        details.put("at", moment.toString());
        details.put("scanned", summary.scanned());
        details.put("flagged", summary.flagged());
        details.put("newActions", recorded.get());
        details.put("policyVersion", summary.policyVersion());
        if (diff != null) {
          details.put("since", diff.from());
          details.put("rulesChanged", diff.changes().size());
          details.put("jurisdictions", String.join(",", new java.util.TreeSet<>(only)));
        }
        app.audit().record("cli", "accounts.review", "accounts", details);
        out.println(
            "reviewed "
                + summary.scanned()
                + " accounts ("
                + summary.skipped()
                + (only == null
                    ? " without a known country): "
                    : " skipped: no country, or one the update does not affect): ")
                + summary.flagged()
                + " need action, "
                + recorded.get()
                + " new in the outbox; rules "
                + summary.policyVersion());
        out.flush();
        return summary.flagged() == 0 ? 0 : 1;
      }
    }
  }
}
