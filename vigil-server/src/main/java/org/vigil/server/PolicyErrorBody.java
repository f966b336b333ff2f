package org.vigil.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of an invalid policy: the usual {@code {"error", "message", "field"}} plus the
 * 1-based line and column of the problem in the submitted YAML.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PolicyErrorBody(String error, String message, String field, int line, int column) {}
