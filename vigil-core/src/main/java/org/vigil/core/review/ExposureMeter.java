package org.vigil.core.review;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;

/**
 * Moderator wellbeing: counts, per person and day, how many media items they revealed and how many
 * seconds of media they looked at; every reveal is audited. With a daily cap, a person who reached
 * it is moved off the queues whose cases carry media of abuse ({@link #MEDIA_QUEUES_CATEGORIES})
 * and may reveal no more that day. Blurring alone does not reduce distress (research cited in
 * docs/review.md); metering and showing known-hash matches as cards instead of media go further.
 */
public final class ExposureMeter {

  /** Categories whose media a capped moderator no longer sees. */
  public static final Set<NoticeCategory> MEDIA_QUEUES_CATEGORIES =
      Set.of(
          NoticeCategory.CSAM,
          NoticeCategory.GROOMING,
          NoticeCategory.SEXUALISED_COMMENTS_MINOR,
          NoticeCategory.NCII,
          NoticeCategory.SELF_HARM);

  /** A person's exposure on one day. */
  public record Exposure(int reveals, int seconds) {}

  private final ExposureStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final int dailyRevealCap;

  /**
   * @param dailyRevealCap reveals per day before the cap applies; 0 = no cap
   */
  public ExposureMeter(ExposureStore store, AuditLog audit, Clock clock, int dailyRevealCap) {
    if (dailyRevealCap < 0) {
      throw new IllegalArgumentException("VIGIL_CONSOLE_DAILY_REVEAL_CAP must not be negative");
    }
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.dailyRevealCap = dailyRevealCap;
  }

  public int dailyRevealCap() {
    return dailyRevealCap;
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  public Exposure today(String moderator) {
    return store.get(moderator, today());
  }

  /** Whether the person reached today's cap. */
  public boolean capped(String moderator) {
    return dailyRevealCap > 0 && today(moderator).reveals() >= dailyRevealCap;
  }

  /** Records (and audits) that the person revealed the case's media; refused at the cap. */
  public Exposure reveal(String moderator, ReviewCase c) {
    if (capped(moderator)) {
      throw VigilException.conflict(
          "exposure_cap",
          "you reached today's cap of "
              + dailyRevealCap
              + " media reveals; other queues remain open to you");
    }
    store.add(moderator, today(), 1, 0);
    audit.record(
        moderator,
        "media.reveal",
        "case:" + c.id(),
        Map.of("category", c.category().wireName(), "contentId", c.target().contentId()));
    return today(moderator);
  }

  /** Adds seconds of media viewing (reported by the console when media is hidden again). */
  public Exposure viewed(String moderator, int seconds) {
    if (seconds < 0 || seconds > 3600) {
      throw VigilException.invalid("seconds", "seconds must be 0..3600");
    }
    store.add(moderator, today(), 0, seconds);
    return today(moderator);
  }
}
