package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RetryInterceptor}'s rules against a scripted HTTP server: what is retried (5xx, broken
 * connections), what is not (4xx, Slurm's own verdict in a 5xx, a POST that may have reached the
 * server) and that retries are bounded. The client is built as {@link SlurmClient} builds its own.
 */
class RetryInterceptorTest {
  private static final int ATTEMPTS = 3;

  private final AtomicLong retries = new AtomicLong();
  private final OkHttpClient http = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(5))
      .readTimeout(Duration.ofSeconds(5))
      .retryOnConnectionFailure(false)
      .addInterceptor(new RetryInterceptor(ATTEMPTS, Duration.ofMillis(1), retries))
      .build();
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aGetIsRetriedThrough5xxUntilItSucceeds() throws IOException {
    server.enqueue(status(503));
    server.enqueue(status(502));
    server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
    assertEquals(200, code(get()));
    assertEquals(3, server.getRequestCount());
    assertEquals(2, retries.get());
  }

  @Test
  void retriesAreBoundedAndTheLast5xxIsReturned() throws IOException {
    for (int i = 0; i < ATTEMPTS + 1; i++) server.enqueue(status(500));
    assertEquals(500, code(get()));
    assertEquals(ATTEMPTS, server.getRequestCount());
    assertEquals(ATTEMPTS - 1, retries.get());
  }

  @Test
  void a4xxIsAnAnswerNotTrouble() throws IOException {
    server.enqueue(status(404));
    assertEquals(404, code(get()));
    assertEquals(1, server.getRequestCount());
    assertEquals(0, retries.get());
  }

  @Test
  void aSlurmErrorInA5xxIsTheVerdictAndIsNotRetried() throws IOException {
    // Slurm 22.05 answers an unknown job with 500 and ESLURM 2017: asking again changes nothing.
    server.enqueue(new MockResponse.Builder().code(500)
        .body("{\"errors\":[{\"error_number\":2017,\"error\":\"Invalid job id specified\"}]}").build());
    assertEquals(500, code(get()));
    assertEquals(1, server.getRequestCount());
    assertEquals(0, retries.get());
  }

  @Test
  void aNonSlurmErrorInA5xxIsRetried() throws IOException {
    server.enqueue(new MockResponse.Builder().code(500)
        .body("{\"errors\":[{\"error_number\":1007,\"error\":\"Protocol authentication error\"}]}").build());
    server.enqueue(status(200));
    assertEquals(200, code(get()));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void aSubmitIsNeverRetriedOnceItMayHaveReachedTheServer() throws IOException {
    server.enqueue(status(503));
    assertEquals(503, code(post()));
    assertEquals(1, server.getRequestCount());

    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(status(200));
    IOException e = assertThrows(IOException.class, () -> http.newCall(post()).execute().close());
    assertTrue(e.getMessage().endsWith("(after 1 attempt(s))"), e.getMessage());
    assertEquals(2, server.getRequestCount());
    assertEquals(0, retries.get());
  }

  @Test
  void aGetIsRetriedAfterTheConnectionBreaks() throws IOException {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(status(200));
    assertEquals(200, code(get()));
    assertEquals(2, server.getRequestCount());
    assertEquals(1, retries.get());
  }

  @Test
  void aRefusedConnectionIsRetriedEvenForASubmitThenReported() {
    HttpUrl closed = server.url("/slurm/v0.0.40/job/submit");
    server.close();
    Request submit = new Request.Builder().url(closed)
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
    IOException e = assertThrows(IOException.class, () -> http.newCall(submit).execute().close());
    assertTrue(e.getCause() instanceof ConnectException, String.valueOf(e.getCause()));
    assertTrue(e.getMessage().endsWith("(after " + ATTEMPTS + " attempt(s))"), e.getMessage());
    assertEquals(ATTEMPTS - 1, retries.get());
  }

  /** The status the client finally returns for {@code request}. */
  private int code(Request request) throws IOException {
    try (Response r = http.newCall(request).execute()) {
      return r.code();
    }
  }

  private Request get() {
    return new Request.Builder().url(server.url("/slurm/v0.0.40/jobs")).build();
  }

  private Request post() {
    return new Request.Builder().url(server.url("/slurm/v0.0.40/job/submit"))
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }
}
