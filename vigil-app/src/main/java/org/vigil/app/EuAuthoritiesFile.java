package org.vigil.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.vigil.core.json.Json;
import org.vigil.core.reports.EuAuthorities;

/**
 * Reads the EU export's authorities from the YAML or JSON file {@code VIGIL_EU_AUTHORITIES} names
 * (docs/eu-export.md). Read and validated at start: a missing file, an unknown field or an invalid
 * value stops the start with one line naming the setting, the file and the field.
 */
public final class EuAuthoritiesFile {

  static final String SETTING = "VIGIL_EU_AUTHORITIES";

  private EuAuthoritiesFile() {}

  /** The authorities in {@code file}; {@link EuAuthorities#NONE} when no file is configured. */
  public static EuAuthorities load(Path file) {
    if (file == null) {
      return EuAuthorities.NONE;
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(SETTING + ": file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          SETTING + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      EuAuthorities authorities = Json.YAML.readValue(text, EuAuthorities.class);
      if (authorities == null) {
        throw new IllegalArgumentException(SETTING + ": " + file + " is empty");
      }
      return authorities;
    } catch (JsonMappingException e) {
      // A validation failure inside a record's constructor arrives wrapped: report its own words.
      Throwable cause = e.getCause();
      String why =
          cause instanceof IllegalArgumentException && cause.getMessage() != null
              ? cause.getMessage()
              : e.getOriginalMessage();
      throw new IllegalArgumentException(SETTING + ": " + file + ": " + where(e) + oneLine(why), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          SETTING + ": " + file + " is not valid YAML or JSON: " + oneLine(e.getOriginalMessage()),
          e);
    }
  }

  private static String where(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "" : path + ": ";
  }

  private static String oneLine(String message) {
    return message == null ? "invalid" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
