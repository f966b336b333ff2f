package org.vigil.core.minors;

/**
 * The source of the protective defaults for minors in a jurisdiction (private account, no contact
 * from adults who are not accepted connections, no tags or invitations without consent, no
 * discovery by unknown adults). The defaults themselves are fixed in code and cannot be switched
 * off by data: they protect every person under the adult age, and the adult age can only be raised
 * above 18, never lowered. What varies per jurisdiction is which text they rest on.
 */
public final class ProtectionPolicy {

  private final String id;
  private final RuleStatus status;
  private final String source;
  private final Provenance provenance;
  final Reason adultContact;
  final Reason followNeedsApproval;
  final Reason targetConsent;
  final Reason notDiscoverable;
  final Reason privateContent;
  final Reason noRestriction;

  public ProtectionPolicy(String id, RuleStatus status, String source) {
    this(id, status, source, Provenance.UNRECORDED);
  }

  /** The policy with where its source was checked. */
  public ProtectionPolicy(String id, RuleStatus status, String source, Provenance provenance) {
    if (id == null || id.isBlank() || status == null || source == null || source.isBlank()) {
      throw new IllegalArgumentException("protections need id, status and source");
    }
    this.id = id;
    this.status = status;
    this.source = source;
    this.provenance = provenance == null ? Provenance.UNRECORDED : provenance;
    this.adultContact = new Reason("adult_contact_from_non_connection", id, source);
    this.followNeedsApproval = new Reason("private_account_follow_request", id, source);
    this.targetConsent = new Reason("target_consent_required", id, source);
    this.notDiscoverable = new Reason("minor_not_discoverable_by_unknown_adult", id, source);
    this.privateContent = new Reason("minor_content_private", id, source);
    this.noRestriction = new Reason("no_restriction", id, source);
  }

  public String id() {
    return id;
  }

  public RuleStatus status() {
    return status;
  }

  public String source() {
    return source;
  }

  /** Where the source was checked, and whether it was. */
  public Provenance provenance() {
    return provenance;
  }
}
