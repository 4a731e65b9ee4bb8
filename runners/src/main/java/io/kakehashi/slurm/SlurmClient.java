package io.kakehashi.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client for slurmrestd. One OkHttp interceptor chain does the cross-cutting work: retries with
 * backoff (outermost), JWT headers with one refresh on 401, and counting every HTTP request that
 * goes out. The API version is configured or found by asking the server, newest first.
 *
 * <pre>{@code
 * SlurmClient slurm = SlurmClient.builder("http://127.0.0.1:6820")
 *     .tokens(TokenSource.command(List.of("scontrol", "token", "lifespan=3600")))
 *     .build();
 * long id = slurm.submit(submission);
 * List<JobInfo> ours = slurm.statesOf(List.of(id)).jobs();
 * }</pre>
 */
public final class SlurmClient implements AutoCloseable {
  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpUrl base;
  private final OkHttpClient http;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private volatile ApiVersion version;
  private volatile SlurmJson json;

  /** What {@link #ping()} learnt about the server. */
  public record ServerInfo(String release, ApiVersion apiVersion, List<String> controllers) {
    public boolean up() {
      return !controllers.isEmpty() && controllers.stream().allMatch(c -> c.endsWith(": UP"));
    }
  }

  private SlurmClient(Builder b) {
    this.base = HttpUrl.parse(b.url);
    if (base == null) throw new IllegalArgumentException("not an http(s) URL: '" + b.url + "'");
    Objects.requireNonNull(b.tokens, "a TokenSource is required");
    OkHttpClient.Builder builder = new OkHttpClient.Builder()
        .connectTimeout(b.timeout)
        .readTimeout(b.timeout)
        .callTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .addInterceptor(new RetryInterceptor(b.attempts, b.backoff, retries))
        .addInterceptor(new AuthInterceptor(b.user, b.tokens))
        .addNetworkInterceptor(chain -> {
          requests.incrementAndGet();
          return chain.proceed(chain.request());
        });
    for (Interceptor i : b.observers) builder.addNetworkInterceptor(i);
    this.http = builder.build();
    if (b.version != null) use(b.version);
  }

  public static Builder builder(String url) {
    return new Builder(url);
  }

  public static final class Builder {
    private final String url;
    private TokenSource tokens;
    private String user = System.getProperty("user.name");
    private ApiVersion version;
    private int attempts = 5;
    private Duration backoff = Duration.ofMillis(500);
    private Duration timeout = Duration.ofSeconds(30);
    private final List<Interceptor> observers = new ArrayList<>();

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    public Builder tokens(TokenSource tokens) {
      this.tokens = tokens;
      return this;
    }

    /** The user named in {@code X-SLURM-USER-NAME}; the token's own user when null. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Speak this version; when not called, the client asks the server. */
    public Builder apiVersion(ApiVersion version) {
      this.version = version;
      return this;
    }

    /** Attempts per request in all (1 = no retry), and the wait before the first retry (doubling). */
    public Builder retries(int attempts, Duration firstBackoff) {
      if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1");
      this.attempts = attempts;
      this.backoff = firstBackoff;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Adds a network interceptor that sees every request on the wire (tests record them). */
    public Builder observe(Interceptor observer) {
      observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    public SlurmClient build() {
      return new SlurmClient(this);
    }
  }

  private void use(ApiVersion v) {
    this.json = new SlurmJson(v);
    this.version = v;
  }

  /** The API version in use, asking the server (newest first) if none was configured. */
  public ApiVersion apiVersion() {
    if (version == null) {
      synchronized (this) {
        if (version == null) use(probe());
      }
    }
    return version;
  }

  private ApiVersion probe() {
    StringBuilder tried = new StringBuilder();
    for (ApiVersion v : ApiVersion.newestFirst()) {
      Request request = new Request.Builder().url(url(v, "ping")).get().build();
      try (Response r = http.newCall(request).execute()) {
        count("probe");
        // Versions a server does not serve answer 404 (plain text); any other answer means it
        // speaks this one, even if the request itself failed (a bad token shows up on the next call).
        if (r.code() != 404) return v;
        tried.append(tried.isEmpty() ? "" : ", ").append(v).append(": HTTP ").append(r.code());
      } catch (IOException e) {
        throw unreachable("GET " + v + "/ping", e);
      }
    }
    throw new SlurmException("slurmrestd at " + base + " serves none of " + ApiVersion.supported() + " (" + tried + ")");
  }

  public ServerInfo ping() {
    JsonNode reply = call("ping", "GET", "ping", null);
    return new ServerInfo(SlurmJson.release(reply), apiVersion(), SlurmJson.pings(reply));
  }

  /** Submits a batch job (or array) and returns its job id. */
  public long submit(JobSubmission submission) {
    JsonNode reply = call("submit", "POST", "job/submit", json().submitBody(submission));
    long id = SlurmJson.number(reply.get("job_id"));
    if (id <= 0) {
      throw new SlurmException("slurmrestd accepted job '" + submission.name() + "' but returned no job_id");
    }
    return id;
  }

  /** Every job slurmctld still holds, in one request. */
  public List<JobInfo> jobs() {
    return json().jobs(call("jobs", "GET", "jobs", null));
  }

  /**
   * What slurmctld holds about these jobs (array ids) and nothing else, with the lightest request
   * the API version offers, one per job: {@code GET /jobs/state/?job_id=ID} (ids and states only,
   * about 40 bytes per element) from v0.0.40, {@code GET /job/ID} on v0.0.38, which has no
   * filtered list. (24.11 refuses a comma list in {@code job_id} with HTTP 400, and names started
   * elements by their own job id, so only a request per array says which array an element
   * belongs to.) Jobs slurmctld no longer knows are simply absent. {@link JobStates#detailed()}
   * says whether the records carry exit codes and times, or states only.
   */
  public JobStates statesOf(Collection<Long> jobIds) {
    boolean light = apiVersion().hasJobStateList();
    List<JobInfo> out = new ArrayList<>();
    for (long id : jobIds) {
      out.addAll(light ? SlurmJson.jobStates(call("states", "GET", "jobs/state/",
          Map.of("job_id", Long.toString(id)), null), id) : arrayOrNothing(id));
    }
    return new JobStates(out, !light);
  }

  /** The records of one job or array, or none when slurmctld no longer knows it. */
  public List<JobInfo> arrayOrNothing(long jobId) {
    try {
      return job(Long.toString(jobId));
    } catch (SlurmException e) {
      if (e.isInvalidJobId()) return List.of();
      throw e;
    }
  }

  /** Records of some jobs; {@code detailed} is false when they hold ids and states only. */
  public record JobStates(List<JobInfo> jobs, boolean detailed) {
    public JobStates {
      jobs = List.copyOf(jobs);
    }
  }

  /** One job, or an array's elements; {@link SlurmException#isInvalidJobId()} when unknown. */
  public List<JobInfo> job(String jobId) {
    return json().jobs(call("job", "GET", "job/" + jobId, null));
  }

  /** Cancels a job, an array ({@code 1234}) or one array element ({@code 1234_5}). */
  public void cancel(String jobId) {
    call("cancel", "DELETE", "job/" + jobId, null);
  }

  public List<String> partitions() {
    return SlurmJson.partitions(call("partitions", "GET", "partitions", null));
  }

  /**
   * HTTP requests sent (retries and token refreshes included), retries, bytes of the bodies the
   * client read, and calls per kind.
   */
  public Map<String, Long> statistics() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("slurm.http.requests", requests.get());
    m.put("slurm.http.retries", retries.get());
    m.put("slurm.http.bytes.received", bytesIn.get());
    calls.forEach((k, v) -> m.put("slurm.calls." + k, v.get()));
    return m;
  }

  private SlurmJson json() {
    apiVersion();
    return json;
  }

  private void count(String kind) {
    calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  private HttpUrl url(ApiVersion v, String path) {
    return url(v, path, Map.of());
  }

  private HttpUrl url(ApiVersion v, String path, Map<String, String> query) {
    HttpUrl.Builder b = base.newBuilder().addPathSegment("slurm").addPathSegment(v.id()).addPathSegments(path);
    query.forEach(b::addQueryParameter);
    return b.build();
  }

  private JsonNode call(String kind, String method, String path, String body) {
    return call(kind, method, path, Map.of(), body);
  }

  private JsonNode call(String kind, String method, String path, Map<String, String> query, String body) {
    ApiVersion v = apiVersion();
    String what = method + " /slurm/" + v.id() + "/" + path
        + (query.isEmpty() ? "" : "?" + query.keySet().stream().map(k -> k + "=...").collect(Collectors.joining("&")));
    Request request = new Request.Builder().url(url(v, path, query))
        .method(method, body == null ? null
            // Bytes, not a String: OkHttp would add "; charset=utf-8", which slurmrestd 22.05 rejects.
            : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON)).build();
    count(kind);
    try (Response r = http.newCall(request).execute()) {
      byte[] raw = r.body().bytes();
      bytesIn.addAndGet(raw.length);
      String text = new String(raw, StandardCharsets.UTF_8);
      JsonNode reply;
      try {
        reply = SlurmJson.MAPPER.readTree(text);
      } catch (IOException e) {
        throw new SlurmException(what + " answered HTTP " + r.code() + " with no JSON: "
            + abbreviate(text), r.code(), List.of(), e);
      }
      if (reply == null || !reply.isObject()) {
        throw new SlurmException(what + " answered HTTP " + r.code() + " with no JSON object: "
            + abbreviate(text), r.code(), List.of(), null);
      }
      List<SlurmException.SlurmError> errors = SlurmJson.errors(reply);
      // slurmrestd can answer 200 and still report errors[]: that is a failure too.
      if (!r.isSuccessful() || !errors.isEmpty()) {
        String why = errors.isEmpty() ? "no error text"
            : errors.stream().map(Object::toString).collect(Collectors.joining("; "));
        if (why.contains("Unspecified error") || why.contains("Protocol authentication error")) {
          why += " (this is how slurmrestd reports a rejected or expired token: check SLURM_JWT or token-command)";
        }
        throw new SlurmException(what + " failed (HTTP " + r.code() + "): " + why, r.code(), errors, null);
      }
      return reply;
    } catch (IOException e) {
      throw unreachable(what, e);
    }
  }

  private SlurmException unreachable(String what, IOException e) {
    return new SlurmException(what + ": slurmrestd at " + base + " unreachable: " + e.getMessage(),
        0, List.of(), e);
  }

  private static String abbreviate(String text) {
    String t = text.strip().replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t.isEmpty() ? "(empty body)" : t;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "SlurmClient[" + base + ", " + (version == null ? "api not yet probed" : version) + "]";
  }
}
