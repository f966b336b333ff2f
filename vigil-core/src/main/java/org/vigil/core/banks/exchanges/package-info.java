/**
 * Hash lists kept in step with the field's exchanges (NCMEC hash sharing, StopNCII, ThreatExchange,
 * Arachnid, partners' plain files).
 *
 * <p>The port is shaped after the signal-exchange abstraction the open hasher-matcher-actioner
 * tooling uses: an {@link org.vigil.core.banks.exchanges.ExchangeAdapter} turns a checkpoint into a
 * page of {@link org.vigil.core.banks.exchanges.Delta}s and the next checkpoint, and optionally
 * takes an {@link org.vigil.core.banks.exchanges.Opinion} back. {@link
 * org.vigil.core.banks.exchanges.ExchangeSync} applies pages to a bank through the bank change log,
 * so a fetched hash reaches scans on every server exactly as a hand-added one does. Adapters live
 * in vigil-report and register through {@link
 * org.vigil.core.banks.exchanges.ExchangeAdapterFactory}.
 */
package org.vigil.core.banks.exchanges;
