package io.kakehashi.slurm;

import java.util.List;

/**
 * slurmrestd could not be reached, or answered with an error. The message names the request and
 * quotes Slurm's own error text; it never contains the token.
 */
public final class SlurmException extends RuntimeException {
  private final int httpStatus;
  private final List<SlurmError> errors;

  /** One entry of the {@code errors[]} list of a slurmrestd reply. */
  public record SlurmError(int number, String error, String description) {
    @Override
    public String toString() {
      String text = description == null || description.isBlank() ? error : error + ": " + description;
      return number > 0 ? text + " (Slurm error " + number + ")" : text;
    }
  }

  public SlurmException(String message, int httpStatus, List<SlurmError> errors, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errors = List.copyOf(errors);
  }

  public SlurmException(String message) {
    this(message, 0, List.of(), null);
  }

  /** The HTTP status of the reply, 0 when there was none (connection failed). */
  public int httpStatus() {
    return httpStatus;
  }

  public List<SlurmError> errors() {
    return errors;
  }

  /** Whether Slurm says the job id is unknown (it never existed or slurmctld forgot it). */
  public boolean isInvalidJobId() {
    return errors.stream().anyMatch(e -> e.number() == 2017);
  }
}
