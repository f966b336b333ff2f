package org.vigil.core.catalogue;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and normalises DNS host names as the catalogue writes them (no trailing dot). */
public final class Hostnames {
  // RFC 1123 letters-digits-hyphen labels; catalogue names are lowercase so that diffs stay clean.
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern TOP_LEVEL = Pattern.compile("[a-z]{2,63}|xn--[a-z0-9-]{1,59}");

  private Hostnames() {}

  /**
   * Whether {@code name} is a lowercase host name of at least two labels with an alphabetic
   * top-level label, e.g. {@code youtu.be}; rejects IP literals, wildcards and trailing dots.
   */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > 253) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return TOP_LEVEL.matcher(labels[labels.length - 1]).matches();
  }

  /** Lowercases and strips one trailing dot: {@code WWW.Example.COM.} becomes www.example.com. */
  public static String normalise(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** Whether {@code name} equals {@code domain} or lies below it ({@code a.b.c} is under b.c). */
  public static boolean isAtOrUnder(String name, String domain) {
    return name.equals(domain)
        || (name.length() > domain.length()
            && name.endsWith(domain)
            && name.charAt(name.length() - domain.length() - 1) == '.');
  }
}
