package org.vigil.core.courtorders;

/** No order has the requested id (HTTP 404). */
public final class CourtOrderNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CourtOrderNotFoundException(String orderId) {
    super("no court order with id '" + orderId + "'");
  }
}
