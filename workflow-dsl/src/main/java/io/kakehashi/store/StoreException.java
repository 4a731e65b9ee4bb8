package io.kakehashi.store;

/** The run store could not be read or written. Never swallowed: a run whose store fails stops. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
