package org.vigil.core.reports;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who EU exports may go to, and who the provider is (Article 13(1)(a) of COM(2022) 209 asks for the
 * provider's identification in every report). Read once at start from {@code VIGIL_EU_AUTHORITIES}
 * and validated there; none configured means no export can be made.
 */
public record EuAuthorities(Provider provider, List<EuAuthority> authorities) {

  /**
   * The reporting provider.
   *
   * @param name its legal name
   * @param contact its point of contact for the authorities (an email address or a URL)
   * @param legalRepresentative its legal representative in the Union, when it has one
   */
  public record Provider(String name, String contact, String legalRepresentative) {
    public Provider {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("provider: name must not be empty");
      }
      if (contact == null || contact.isBlank()) {
        throw new IllegalArgumentException(
            "provider: contact must not be empty (an email address or URL for the authorities)");
      }
    }
  }

  public static final EuAuthorities NONE = new EuAuthorities(null, List.of());

  public EuAuthorities {
    authorities = authorities == null ? List.of() : List.copyOf(authorities);
    if (!authorities.isEmpty() && provider == null) {
      throw new IllegalArgumentException("provider: must be set when authorities are configured");
    }
    Set<String> seen = new HashSet<>();
    for (EuAuthority authority : authorities) {
      if (!seen.add(authority.id())) {
        throw new IllegalArgumentException("authority '" + authority.id() + "' is listed twice");
      }
    }
  }

  public Optional<EuAuthority> find(String id) {
    return authorities.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /** The configured ids, for error messages. */
  public String ids() {
    return authorities.isEmpty()
        ? "(none configured: set VIGIL_EU_AUTHORITIES)"
        : authorities.stream().map(EuAuthority::id).collect(Collectors.joining(", "));
  }
}
