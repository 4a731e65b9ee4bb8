package io.kakehashi.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads and writes slurmrestd's JSON in each API version's dialect. */
final class SlurmJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final ApiVersion version;

  SlurmJson(ApiVersion version) {
    this.version = version;
  }

  String submitBody(JobSubmission s) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("script", s.script());
    ObjectNode job = root.putObject("job");
    putText(job, "name", s.name());
    putText(job, "comment", s.comment());
    putText(job, "array", s.array());
    job.put("current_working_directory", s.workDir().toString());
    putText(job, "standard_output", s.standardOutput());
    putText(job, "standard_error", s.standardError());
    putText(job, "partition", s.partition());
    putText(job, "account", s.account());
    putText(job, "qos", s.qos());
    putText(job, "constraints", s.constraint());
    if (s.tasks() > 0) job.put("tasks", s.tasks());
    if (s.cpusPerTask() > 0) job.put("cpus_per_task", s.cpusPerTask());
    Map<String, String> env = new TreeMap<>(s.environment());
    if (version.structured()) {
      ArrayNode list = job.putArray("environment");
      env.forEach((k, v) -> list.add(k + "=" + v));
      job.set("time_limit", number(s.timeLimitMinutes()));
      if (s.memoryMb() > 0) job.set("memory_per_node", number(s.memoryMb()));
      if (s.nodes() > 0) job.put("nodes", Integer.toString(s.nodes()));
      if (!s.gres().isEmpty()) job.put("tres_per_node", "gres/" + s.gres());
    } else {
      ObjectNode map = job.putObject("environment");
      env.forEach(map::put);
      job.put("time_limit", s.timeLimitMinutes());
      if (s.memoryMb() > 0) job.put("memory_per_node", s.memoryMb());
      if (s.nodes() > 0) job.putArray("nodes").add(s.nodes()).add(s.nodes());
      putText(job, "gres", s.gres());
    }
    return root.toString();
  }

  private static ObjectNode number(long n) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("set", true);
    o.put("infinite", false);
    o.put("number", n);
    return o;
  }

  private static void putText(ObjectNode o, String field, String value) {
    if (!value.isEmpty()) o.put(field, value);
  }

  List<JobInfo> jobs(JsonNode reply) {
    List<JobInfo> out = new ArrayList<>();
    for (JsonNode j : reply.path("jobs")) out.add(job(j));
    return out;
  }

  private JobInfo job(JsonNode j) {
    long arrayJobId = Math.max(0, number(j.get("array_job_id")));
    long taskId = number(j.get("array_task_id"));
    JsonNode exit = j.get("exit_code");
    int exitCode;
    if (exit == null || exit.isNull()) {
      exitCode = -1;
    } else if (exit.isObject()) {
      exitCode = (int) number(exit.get("return_code"));
    } else {
      exitCode = exit.asInt(-1);
    }
    return new JobInfo(number(j.get("job_id")), arrayJobId, taskId < 0 ? -1 : (int) taskId,
        j.path("array_task_string").asText(""), j.path("name").asText(""),
        j.path("comment").asText(""), state(j.get("job_state")), j.path("state_reason").asText(""),
        exitCode, minutes(j.get("time_limit")), time(j.get("submit_time")), time(j.get("start_time")), time(j.get("end_time")));
  }

  /**
   * The answer of {@code GET /jobs/state/?job_id=ARRAY} (v0.0.40+): per element its id and state
   * only, such as {@code {"job_id": "12_4", "state": ["RUNNING"]}}. The part before {@code _} is
   * the element's own job id once it started (the array's id while it pends), so elements are
   * keyed by the asked {@code arrayJobId} and the index after {@code _}. {@code 12_*} (26.05: the
   * elements that never started, all cancelled) has neither index nor pending indices.
   */
  static List<JobInfo> jobStates(JsonNode reply, long arrayJobId) {
    List<JobInfo> out = new ArrayList<>();
    for (JsonNode j : reply.path("jobs")) {
      JsonNode s = j.get("state");
      JsonNode stateNode = s != null && s.isObject() ? s.get("current") : s != null ? s : j.get("job_state");
      String id = j.path("job_id").asText("");
      int us = id.indexOf('_');
      long own;
      int task = -1;
      String pending = "";
      try {
        own = Long.parseLong(us > 0 ? id.substring(0, us) : id);
        if (us > 0) {
          String rest = id.substring(us + 1);
          if (rest.startsWith("[")) {
            pending = rest;
          } else if (!rest.equals("*")) {
            task = Integer.parseInt(rest);
          }
        }
      } catch (NumberFormatException e) {
        continue;
      }
      boolean element = us > 0;
      out.add(new JobInfo(own, element ? arrayJobId : 0, task, pending, "", "", state(stateNode),
          s != null && s.isObject() ? s.path("reason").asText("") : "", -1, -1, null, null, null));
    }
    return out;
  }

  /** {@code "COMPLETED"} in v0.0.38, {@code ["COMPLETED"]} (base state first, then flags) later. */
  private static JobState state(JsonNode n) {
    if (n == null || n.isNull()) return JobState.UNKNOWN;
    if (n.isArray()) return n.isEmpty() ? JobState.UNKNOWN : JobState.parse(n.get(0).asText());
    return JobState.parse(n.asText());
  }

  /** A plain number (v0.0.38) or {@code {set, infinite, number}}; -1 when unset or absent. */
  static long number(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return -1;
    if (n.isNumber()) return n.asLong();
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    if (n.isObject()) {
      if (!n.path("set").asBoolean(false)) return -1;
      if (n.path("infinite").asBoolean(false)) return Long.MAX_VALUE;
      return n.path("number").asLong(-1);
    }
    return -1;
  }

  private static int minutes(JsonNode n) {
    long m = number(n);
    return m > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) m;
  }

  private static Instant time(JsonNode n) {
    long seconds = number(n);
    return seconds <= 0 || seconds == Long.MAX_VALUE ? null : Instant.ofEpochSecond(seconds);
  }

  static List<SlurmException.SlurmError> errors(JsonNode reply) {
    List<SlurmException.SlurmError> out = new ArrayList<>();
    for (JsonNode e : reply.path("errors")) {
      int number = e.has("error_number") ? e.path("error_number").asInt(0) : e.path("errno").asInt(0);
      out.add(new SlurmException.SlurmError(number, e.path("error").asText(""),
          e.path("description").asText("")));
    }
    return out;
  }

  /**
   * The controllers' states, such as {@code vm: UP}: {@code ping} in v0.0.38, {@code pinged} in
   * v0.0.40-44; v0.0.45 (26.05) dropped it and has only the boolean {@code responding}.
   */
  static List<String> pings(JsonNode reply) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : reply.path("pings")) {
      String state = p.has("pinged") ? p.path("pinged").asText()
          : p.has("ping") ? p.path("ping").asText()
          : p.has("responding") ? (p.path("responding").asBoolean(false) ? "UP" : "DOWN") : "";
      out.add(p.path("hostname").asText("?") + ": " + state);
    }
    return out;
  }

  /** Slurm's release, found under {@code meta.Slurm} (v0.0.38) or {@code meta.slurm} (later). */
  static String release(JsonNode reply) {
    JsonNode meta = reply.path("meta");
    JsonNode slurm = meta.has("slurm") ? meta.path("slurm") : meta.path("Slurm");
    return slurm.path("release").asText("unknown");
  }

  static List<String> partitions(JsonNode reply) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : reply.path("partitions")) out.add(p.path("name").asText());
    return out;
  }
}
