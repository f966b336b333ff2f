package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tenant's Transparency Database token, from VIGIL_DSA_TDB_TOKEN and
 * VIGIL_DSA_TDB_TOKENS_FILE: validated at start with a one-line error naming the key (and line),
 * never the token.
 */
class TransparencyDatabaseTokensTest {

  private static final String URL = "https://transparency.dsa.ec.europa.eu";

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path file = dir.resolve("tdb-tokens");
    Files.writeString(file, text);
    return file;
  }

  private static Map<String, String> env(String... keyValue) {
    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < keyValue.length; i += 2) {
      env.put(keyValue[i], keyValue[i + 1]);
    }
    return env;
  }

  @Test
  void fromEnvironment_tokenAndFile_eachTenantItsOwn() throws Exception {
    Path file =
        file("# one line a tenant\n\nforum-b = 12|secret-of-b\n  forum_c=13|secret-of-c  \n");
    ReviewConfig config =
        ReviewConfig.fromEnvironment(
            env(
                "VIGIL_DSA_TDB_URL",
                URL,
                "VIGIL_DSA_TDB_TOKEN",
                "11|secret-of-default",
                "VIGIL_DSA_TDB_TOKENS_FILE",
                file.toString()));
    TransparencyDatabaseTokens tokens = config.tdbTokens();
    assertThat(tokens.tenants()).containsExactly("default", "forum-b", "forum_c");
    assertThat(tokens.token("default")).contains("11|secret-of-default");
    assertThat(tokens.token("forum-b")).contains("12|secret-of-b");
    assertThat(tokens.token("forum_c")).contains("13|secret-of-c");
    assertThat(tokens.token("forum-d")).isEmpty();
    // Printed configuration never shows a token.
    assertThat(config.toString()).contains("forum-b").doesNotContain("secret");
  }

  @Test
  void fromEnvironment_fileAlone_mayHoldTheDefaultTenantsToken() throws Exception {
    Path file = file("default=1|d\nforum-b=2|b\n");
    ReviewConfig config =
        ReviewConfig.fromEnvironment(
            env("VIGIL_DSA_TDB_URL", URL, "VIGIL_DSA_TDB_TOKENS_FILE", file.toString()));
    assertThat(config.tdbTokens().tenants()).containsExactly("default", "forum-b");
  }

  @Test
  void fromEnvironment_badTokensFile_oneLineNamingKeyAndLineNeverTheToken() throws Exception {
    Map<String, String> cases =
        Map.of(
            "forum-b=1|ok\nsecret-bare-token\n", "line 2 is not tenant=token",
            "Forum B=1|secret-x\n", "line 1: a tenant is",
            "forum-b=\n", "line 1: the token is empty",
            "forum-b=1|secret with space\n", "line 1: the token has a space",
            "forum-b=1|secret-1\nforum-b=2|secret-2\n", "line 2: tenant 'forum-b' has a token",
            "default=1|secret-d\n",
                "line 1: tenant 'default' has a token already (from" + " VIGIL_DSA_TDB_TOKEN)");
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      Path file = file(bad.getKey());
      assertThatThrownBy(
              () ->
                  ReviewConfig.fromEnvironment(
                      env(
                          "VIGIL_DSA_TDB_URL",
                          URL,
                          "VIGIL_DSA_TDB_TOKEN",
                          "0|secret-default",
                          "VIGIL_DSA_TDB_TOKENS_FILE",
                          file.toString())))
          .as(bad.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("VIGIL_DSA_TDB_TOKENS_FILE " + file)
          .hasMessageContaining(bad.getValue())
          .hasMessageNotContaining("secret")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void fromEnvironment_missingPieces_refusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                ReviewConfig.fromEnvironment(
                    env("VIGIL_DSA_TDB_TOKENS_FILE", dir.resolve("nope").toString())))
        .hasMessage("VIGIL_DSA_TDB_TOKENS_FILE is set but VIGIL_DSA_TDB_URL is not");
    assertThatThrownBy(
            () ->
                ReviewConfig.fromEnvironment(
                    env(
                        "VIGIL_DSA_TDB_URL",
                        URL,
                        "VIGIL_DSA_TDB_TOKENS_FILE",
                        dir.resolve("nope").toString())))
        .hasMessageStartingWith("VIGIL_DSA_TDB_TOKENS_FILE: cannot read ");
    assertThatThrownBy(() -> ReviewConfig.fromEnvironment(env("VIGIL_DSA_TDB_URL", URL)))
        .hasMessageStartingWith("VIGIL_DSA_TDB_URL is set but no tenant has a token");
    assertThatThrownBy(
            () ->
                ReviewConfig.fromEnvironment(
                    env("VIGIL_DSA_TDB_URL", URL, "VIGIL_DSA_TDB_TOKEN", "1|secret\u0007")))
        .hasMessageStartingWith("VIGIL_DSA_TDB_TOKEN: the token has")
        .hasMessageNotContaining("secret");
  }
}
