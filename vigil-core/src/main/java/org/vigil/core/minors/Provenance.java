package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.util.List;

/**
 * Where a rule's facts were checked, and whether they were: the pages read (the statute on the
 * legislature's site, the official journal, the court's order, or a named secondary source), the
 * day they were read, and the outcome. A rule that rests only on what its curators remember says so
 * ({@code verified: false} and why), so a reader never takes an unchecked age or date for a checked
 * one. An operator's own rule file may leave all of it out: {@link #UNRECORDED}.
 *
 * @param urls the pages the facts were checked against, primary sources first; absolute http(s)
 * @param checked the day they were read, or null when unrecorded
 * @param verified true when the rule's age and what it requires (and, for a law in litigation, the
 *     court orders) were confirmed against {@code urls}, with {@code checkNote} naming any fact
 *     that rests on less (often an implementing act's start date); false when they could not be
 *     (then {@code checkNote} says what is missing); null when unrecorded
 * @param checkNote what the check found (which facts rest on a secondary source, what differs), or
 *     why the rule is unverified; null when there is nothing to add
 */
public record Provenance(List<String> urls, LocalDate checked, Boolean verified, String checkNote) {

  /** No provenance recorded (an operator's file that predates these fields). */
  public static final Provenance UNRECORDED = new Provenance(List.of(), null, null, null);

  public Provenance {
    if (urls == null) {
      urls = List.of();
    }
    for (String url : urls) {
      requireHttpUrl(url);
    }
    urls = List.copyOf(urls);
    if (checkNote != null && checkNote.isBlank()) {
      checkNote = null;
    }
    boolean any = !urls.isEmpty() || checked != null || verified != null || checkNote != null;
    if (any && (checked == null || verified == null)) {
      throw new IllegalArgumentException(
          "provenance needs both 'checked' (the day the sources were read) and 'verified'");
    }
    if (Boolean.TRUE.equals(verified) && urls.isEmpty()) {
      throw new IllegalArgumentException(
          "verified: true needs the sourceUrls it was checked against");
    }
    if (Boolean.FALSE.equals(verified) && checkNote == null) {
      throw new IllegalArgumentException(
          "verified: false needs a checkNote saying what is missing");
    }
  }

  /** Whether the rule file recorded a check at all (verified or explicitly not). */
  @JsonIgnore
  public boolean recorded() {
    return verified != null;
  }

  private static void requireHttpUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("sourceUrls: empty entry");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !("https".equals(scheme) || "http".equals(scheme))) {
        throw new IllegalArgumentException("sourceUrls: not an absolute http(s) URL: " + url);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("sourceUrls: not an absolute http(s) URL: " + url, e);
    }
  }
}
