package io.kakehashi.slurm;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
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
      if (response.code() < 500 || !idempotent || attempt >= maxAttempts) return response;
      response.close();
      pause(attempt);
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
