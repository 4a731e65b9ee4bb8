package io.kakehashi.cli;

/** A problem the user can fix; printed as one paragraph without a stack trace. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
