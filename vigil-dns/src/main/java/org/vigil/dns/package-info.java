/**
 * Provider enforcement at DNS: response policy zones per service category, per-resolver bindings,
 * the zone transfer server and Vigil's own enforcing resolver.
 */
package org.vigil.dns;
