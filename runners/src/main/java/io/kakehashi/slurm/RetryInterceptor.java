package io.kakehashi.slurm;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries what slurmrestd trouble looks like — refused connections, timeouts, 5xx — a bounded
 * number of times with exponential backoff. A submit (POST) is retried only when the connection
 * was refused, i.e. it certainly never reached the server: anything else could submit twice.
 */
final class RetryInterceptor implements Interceptor {
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final AtomicLong retries;

  RetryInterceptor(int maxAttempts, Duration firstBackoff, AtomicLong retries) {
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.retries = retries;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean idempotent = !request.method().equals("POST");
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        boolean retryable = idempotent || e instanceof ConnectException;
        if (!retryable || attempt >= maxAttempts) {
          throw new IOException(e.getMessage() + " (after " + attempt + " attempt(s))", e);
        }
        pause(attempt);
        continue;
      }
      if (response.code() < 500 || !idempotent || attempt >= maxAttempts || definite(response)) {
        return response;
      }
      response.close();
      pause(attempt);
    }
  }

  /**
   * Whether a 5xx carries Slurm's verdict on the request itself — ESLURM errors 2000-2999 such as
   * 2017 "Invalid job id specified" (22.05 answers an unknown job with 500) — which no retry changes.
   */
  private static boolean definite(Response response) throws IOException {
    String body = response.peekBody(256 * 1024).string();
    try {
      List<SlurmException.SlurmError> errors = SlurmJson.errors(SlurmJson.MAPPER.readTree(body));
      return !errors.isEmpty() && errors.stream().allMatch(e -> e.number() >= 2000 && e.number() < 3000);
    } catch (IOException notJson) {
      return false;
    }
  }

  private void pause(int attempt) throws IOException {
    retries.incrementAndGet();
    long millis = firstBackoff.toMillis() << Math.min(attempt - 1, 6);
    try {
      Thread.sleep(Math.min(millis, 30_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to retry");
    }
  }
}
