package io.kakehashi.slurm;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds slurmrestd's JWT headers; when the token is rejected, refreshes it once and retries the
 * request. slurmrestd answers 401 only for a missing token: a bad or expired one comes back as a
 * 5xx whose errors[] say "Protocol authentication error" (24.11) or "Unspecified error" (22.05;
 * on a submit "Zero Bytes were transmitted or received", error 5005: slurmctld dropped the
 * request, so sending it again with a fresh token cannot submit twice).
 */
final class AuthInterceptor implements Interceptor {
  static final String USER_HEADER = "X-SLURM-USER-NAME";
  static final String TOKEN_HEADER = "X-SLURM-USER-TOKEN";

  private final String user;
  private final TokenSource tokens;

  AuthInterceptor(String user, TokenSource tokens) {
    this.user = user;
    this.tokens = tokens;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Secret token = tokens.current();
    Response response = chain.proceed(withToken(chain.request(), token));
    if (!tokens.canRefresh() || !rejected(response)) return response;
    Secret fresh = tokens.refresh(token);
    if (fresh == null || fresh == token) return response;
    response.close();
    return chain.proceed(withToken(chain.request(), fresh));
  }

  private static boolean rejected(Response response) throws IOException {
    if (response.code() == 401) return true;
    if (response.code() < 500) return false;
    String body = response.peekBody(64 * 1024).string();
    // 22.05 answers a submit with an expired token with 5005 "Zero Bytes were transmitted or received".
    return body.contains("Protocol authentication error") || body.contains("Unspecified error")
        || body.contains("Zero Bytes were transmitted or received");
  }

  private Request withToken(Request request, Secret token) {
    Request.Builder b = request.newBuilder().header(TOKEN_HEADER, token.reveal());
    if (user != null && !user.isEmpty()) b.header(USER_HEADER, user);
    return b.build();
  }
}
