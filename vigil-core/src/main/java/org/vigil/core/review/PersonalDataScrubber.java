package org.vigil.core.review;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Removes personal data a moderator may have typed into free text before it goes into a statement
 * of reasons (DSA Art. 24(5): statements filed in the Transparency Database must contain none):
 * e-mail addresses, IP addresses, phone-like digit runs, URLs with user paths, and any identifier
 * the case knows (account ids, reporter ids). A safety net, not a licence: the decision form asks
 * moderators not to write personal data at all.
 */
public final class PersonalDataScrubber {

  static final String REDACTED = "[removed]";

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
  private static final Pattern IPV4 =
      Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?:/\\d{1,2})?\\b");
  private static final Pattern IPV6 =
      Pattern.compile("\\b(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})\\b");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{7,}\\d");
  private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://\\S+");
  private static final Pattern HANDLE = Pattern.compile("(?<![\\w@])@[A-Za-z0-9_.]{2,}");

  private PersonalDataScrubber() {}

  /** {@code text} with personal data replaced by {@code [removed]}; null stays null. */
  public static String scrub(String text, Collection<String> knownIdentifiers) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String id : knownIdentifiers) {
      if (id != null && id.length() >= 3) {
        out = out.replace(id, REDACTED);
      }
    }
    out = URL.matcher(out).replaceAll(REDACTED);
    out = EMAIL.matcher(out).replaceAll(REDACTED);
    out = IPV6.matcher(out).replaceAll(REDACTED);
    out = IPV4.matcher(out).replaceAll(REDACTED);
    // Phone numbers have at least nine digits; dates and article numbers have fewer.
    out =
        PHONE
            .matcher(out)
            .replaceAll(
                m ->
                    m.group().chars().filter(Character::isDigit).count() >= 9
                        ? REDACTED
                        : java.util.regex.Matcher.quoteReplacement(m.group()));
    out = HANDLE.matcher(out).replaceAll(REDACTED);
    return out;
  }
}
