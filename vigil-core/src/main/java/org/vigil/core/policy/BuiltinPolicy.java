package org.vigil.core.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The policy that is live until an operator activates one: {@code policy/builtin.yaml}, which
 * reproduces Vigil's behaviour from before policies (bank actions, court orders, the minors law
 * data). Compiled once per process.
 */
public final class BuiltinPolicy {

  public static final String RESOURCE = "policy/builtin.yaml";

  private static final CompiledPolicy POLICY =
      PolicyCompiler.compile(PolicyParser.parse(text()), null);

  private BuiltinPolicy() {}

  public static CompiledPolicy get() {
    return POLICY;
  }

  /** The policy text, e.g. to start a custom policy from. */
  public static String text() {
    try (InputStream in = BuiltinPolicy.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
