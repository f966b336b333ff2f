package org.vigil.core.intake;

/**
 * The bus port asynchronous scans are handed to: in production the {@code vigil.scan.requests}
 * Kafka topic (module vigil-stream). Core never sees the bus's own types.
 */
public interface ScanQueue {

  /**
   * Hands the request to the bus; returns only when the bus has it durably (for Kafka: every
   * in-sync replica acknowledged it), so a 202 answered is a request that will be decided.
   *
   * @throws ScanQueueUnavailableException when the bus cannot take it now
   */
  void submit(ScanRequest request);
}
