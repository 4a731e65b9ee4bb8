package io.kakehashi.slurm;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds slurmrestd's JWT headers; when the token is rejected, refreshes it once and retries the
 * request. slurmrestd answers 401 only for a missing token: a bad or expired one comes back as a
 * 5xx whose errors[] say "Protocol authentication error" (24.11) or "Unspecified error" (22.05).
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
    response.close();
    Secret fresh = tokens.refresh(token);
    return chain.proceed(withToken(chain.request(), fresh));
  }

  private static boolean rejected(Response response) throws IOException {
    if (response.code() == 401) return true;
    if (response.code() < 500) return false;
    String body = response.peekBody(64 * 1024).string();
    return body.contains("Protocol authentication error") || body.contains("Unspecified error");
  }

  private Request withToken(Request request, Secret token) {
    Request.Builder b = request.newBuilder().header(TOKEN_HEADER, token.reveal());
    if (user != null && !user.isEmpty()) b.header(USER_HEADER, user);
    return b.build();
  }
}
