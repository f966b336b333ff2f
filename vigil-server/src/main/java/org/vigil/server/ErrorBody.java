package org.vigil.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error shape every endpoint returns: {@code {"error", "message", "field"}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ErrorBody(String error, String message, String field) {}
