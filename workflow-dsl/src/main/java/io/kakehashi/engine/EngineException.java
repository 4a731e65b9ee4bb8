package io.kakehashi.engine;

/** The engine cannot start or continue a run; the message says why and names the step or file. */
public final class EngineException extends RuntimeException {
  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
