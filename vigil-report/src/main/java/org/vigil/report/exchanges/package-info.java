/**
 * Exchange adapters: the outward half of {@link org.vigil.core.banks.exchanges}. Each adapter
 * speaks one exchange's documented protocol with the JDK's HTTP client and turns its answers into
 * {@link org.vigil.core.banks.exchanges.Delta}s; the sync loop, checkpoints and bank writes stay in
 * core. {@link org.vigil.report.exchanges.ExchangeHttp} maps HTTP failures to {@link
 * org.vigil.core.banks.exchanges.ExchangeException} kinds once for every adapter.
 */
package org.vigil.report.exchanges;
