package org.vigil.server;

/**
 * One area of the API (banks, scan, keys...). A module registers its routes and names the classpath
 * resource holding its part of the OpenAPI document ({@code paths} and {@code components.schemas}),
 * which {@link OpenApiDocument} merges.
 */
public interface ApiModule {

  void register(Routes routes);

  /** e.g. {@code openapi/banks.json}. */
  String openApiResource();
}
