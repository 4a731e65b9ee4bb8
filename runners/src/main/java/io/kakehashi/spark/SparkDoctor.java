package io.kakehashi.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a Spark standalone master before a campaign relies on it: the master accepts connections,
 * it is the active one, workers are alive, and they offer cores. Worker and core counts come from
 * the master's JSON status page ({@code http://host:UI/json/}), whose port is
 * {@value #UI_PORT} (Spark's own key for it; 8080 unless given). {@code kakehashi doctor} prints
 * the findings when {@code spark.master} is a {@code spark://} URL.
 */
public final class SparkDoctor {
  /** The master's web UI port, read from the settings (the master itself reads the same key). */
  public static final String UI_PORT = "spark.master.ui.port";
  private static final int DEFAULT_UI_PORT = 8080;

  /** One check's outcome; {@code ok == false} means Spark steps will not run on that master. */
  public record Finding(String check, boolean ok, String detail) {}

  private SparkDoctor() {}

  /** True if {@code settings} (full {@code spark.*} keys) name a standalone master. */
  public static boolean standalone(Map<String, String> settings) {
    return settings.getOrDefault(SparkSessions.MASTER, "").startsWith("spark://");
  }

  /** The findings for the master of {@code settings}; empty if it is not a {@code spark://} URL. */
  public static List<Finding> check(Map<String, String> settings) {
    if (!standalone(settings)) return List.of();
    String url = settings.get(SparkSessions.MASTER);
    List<Finding> out = new ArrayList<>();
    // An HA master list (spark://h1:7077,h2:7077): one of them must be the active master; the
    // others may be down or standing by.
    boolean ha = url.contains(",");
    String active = null;
    for (String hostPort : url.substring("spark://".length()).split(",")) {
      URI u = URI.create("spark://" + hostPort.strip());
      if (u.getHost() == null || u.getPort() < 0) {
        out.add(new Finding("master", false, "'" + url + "' is not spark://host:port"));
        return out;
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 2000);
      } catch (IOException e) {
        out.add(new Finding("master", ha, "spark://" + hostPort + " does not accept connections (" + e.getMessage()
            + "); start one with scripts/spark-local.sh start"));
        continue;
      }
      int ui = uiPort(settings);
      JsonNode state;
      try {
        state = masterState(u.getHost(), ui);
      } catch (IOException | RuntimeException e) {
        out.add(new Finding("master", ha, "spark://" + hostPort + " accepts connections, but its status page "
            + "http://" + u.getHost() + ":" + ui + "/json/ does not answer (" + e + "); set " + UI_PORT
            + " if its web UI listens elsewhere"));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(new Finding("master", false, "interrupted"));
        return out;
      }
      String status = state.path("status").asText("?");
      if (!status.equals("ALIVE")) {
        out.add(new Finding("master", ha, "spark://" + hostPort + " is " + status));
        continue;
      }
      active = hostPort;
      out.add(new Finding("master", true, "spark://" + hostPort + " ALIVE (UI http://" + u.getHost() + ":" + ui + ")"));
      int alive = 0;
      int cores = 0;
      int used = 0;
      long memoryMb = 0;
      for (JsonNode w : state.path("workers")) {
        if (!w.path("state").asText().equals("ALIVE")) continue;
        alive++;
        cores += w.path("cores").asInt();
        used += w.path("coresused").asInt();
        memoryMb += w.path("memory").asLong();
      }
      int apps = state.path("activeapps").size();
      out.add(new Finding("workers", alive > 0, alive == 0 ? "no worker is alive: Spark steps would wait for one"
          : alive + " alive, " + String.format("%.1f", memoryMb / 1024.0) + " GB for executors"));
      out.add(new Finding("cores", cores > 0, cores + " (" + used + " in use by " + apps + " running application"
          + (apps == 1 ? "" : "s") + (cores > 0 && used >= cores ? "; a new application waits for them" : "") + ")"));
      break;
    }
    if (active == null && ha) {
      out.add(new Finding("master", false, "none of " + url + " is an active master"));
    }
    return out;
  }

  private static int uiPort(Map<String, String> settings) {
    String p = settings.get(UI_PORT);
    try {
      return p == null ? DEFAULT_UI_PORT : Integer.parseInt(p.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(UI_PORT + " '" + p + "' is not a port number", e);
    }
  }

  private static JsonNode masterState(String host, int port) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/json/"))
        .timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode());
    return new ObjectMapper().readTree(r.body());
  }
}
