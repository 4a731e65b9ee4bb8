package io.kakehashi.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two JSON dialects, on records shaped like real slurmrestd 22.05 and 24.11 replies, and on
 * replies recorded from a live 26.05 ({@code src/test/resources/slurm-api-26.05}).
 */
class SlurmJsonTest {
  private static JsonNode json(String text) throws Exception {
    return SlurmJson.MAPPER.readTree(text);
  }

  private static JsonNode sample2605(String name) throws Exception {
    try (InputStream in = SlurmJsonTest.class.getResourceAsStream("/slurm-api-26.05/" + name)) {
      assertNotNull(in, name);
      return SlurmJson.MAPPER.readTree(in);
    }
  }

  @Test
  void knowsTheVersionsOf2605AndProbesTheNewestFirst() {
    assertEquals(ApiVersion.V0_0_45, ApiVersion.parse("v0.0.45"));
    assertEquals(ApiVersion.V0_0_43, ApiVersion.parse("0.0.43"));
    assertEquals(ApiVersion.V0_0_44, ApiVersion.parse("v0.0.44"));
    assertEquals(List.of(ApiVersion.V0_0_45, ApiVersion.V0_0_44, ApiVersion.V0_0_43, ApiVersion.V0_0_42),
        ApiVersion.newestFirst().subList(0, 4));
    assertTrue(ApiVersion.V0_0_45.structured() && ApiVersion.V0_0_45.hasJobStateList());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiVersion.parse("v0.0.39"));
    assertTrue(e.getMessage().endsWith("(supported: v0.0.38, v0.0.40, v0.0.41, v0.0.42, v0.0.43, v0.0.44, v0.0.45)"),
        e.getMessage());
  }

  @Test
  void readsThePingsOf2605WithAndWithoutPinged() throws Exception {
    for (String v : List.of("v0.0.43", "v0.0.44", "v0.0.45")) {
      JsonNode ping = sample2605("ping_" + v + ".json");
      assertEquals(List.of("vm: UP"), SlurmJson.pings(ping), v);
      assertEquals("26.05.5", SlurmJson.release(ping), v);
    }
    // v0.0.45 has no "pinged", only "responding"; a controller that does not respond is DOWN.
    assertTrue(!sample2605("ping_v0.0.45.json").path("pings").get(0).has("pinged"));
    assertEquals(List.of("c1: DOWN"), SlurmJson.pings(json("""
        {"pings": [{"hostname": "c1", "responding": false, "latency": 0, "primary": true, "status": "x"}]}""")));
  }

  @Test
  void writesTheSubmissionThat2605Accepted() throws Exception {
    JsonNode sent = sample2605("submit_request_v0.0.45.json").path("job");
    JobSubmission s = new JobSubmission(sample2605("submit_request_v0.0.45.json").path("script").asText(),
        "kk-sample-v0.0.45", "kakehashi:sample:v0.0.45", "0-2", Path.of("/tmp/s2605/w"), "/tmp/s2605/w/%A_%a.out", "",
        Map.of("PATH", "/usr/bin:/bin"), "debug", "", "", 0, 1, 1, 100, 2, "", "");
    for (ApiVersion v : List.of(ApiVersion.V0_0_43, ApiVersion.V0_0_44, ApiVersion.V0_0_45)) {
      assertEquals(sent, json(new SlurmJson(v).submitBody(s)).path("job"), v.id());
    }
    JsonNode reply = sample2605("submit_response_v0.0.45.json");
    assertEquals(5, SlurmJson.number(reply.get("job_id")));
    assertEquals(List.of(), SlurmJson.errors(reply));
  }

  @Test
  void readsTheJobsAndStatesOf2605() throws Exception {
    for (String v : List.of("v0.0.43", "v0.0.44", "v0.0.45")) {
      List<JobInfo> jobs = new SlurmJson(ApiVersion.parse(v)).jobs(sample2605("job_get_" + v + ".json"));
      assertTrue(!jobs.isEmpty(), v);
      for (JobInfo j : jobs) {
        // Element i of each sample array ran "exit i".
        assertEquals(j.arrayTaskId(), j.exitCode(), v + " " + j);
        assertEquals(j.arrayTaskId() == 0 ? JobState.COMPLETED : JobState.FAILED, j.state(), v + " " + j);
        assertEquals(2, j.timeLimitMinutes(), v);
        assertNotNull(j.started(), v);
        assertTrue(j.comment().equals("kakehashi:sample:" + v), j.comment());
      }
    }
    Map<String, JobInfo> done = JobMonitor.index(SlurmJson.jobStates(sample2605("jobs_state_done_v0.0.45.json"), 5));
    assertEquals(List.of("5_0", "5_1", "5_2"), done.keySet().stream().sorted().toList());
    assertEquals(JobState.COMPLETED, done.get("5_0").state());
    assertEquals(JobState.FAILED, done.get("5_2").state(), "[FAILED, COMPLETING]: the base state first");
    Map<String, JobInfo> pending = JobMonitor.index(SlurmJson.jobStates(sample2605("jobs_state_running_v0.0.45.json"), 5));
    assertEquals(JobState.PENDING, pending.get("5_1").state());
    SlurmException e = new SlurmException("x", 404, SlurmJson.errors(sample2605("job_get_notfound_v0.0.45.json")), null);
    assertTrue(e.isInvalidJobId());
  }

  @Test
  void aPendingElementCancelledOn2605IsCancelledNotLost() throws Exception {
    // 26.05 names the array's never-started rest "10_*" once cancelled, and its record has no
    // array_task_id; 24.11 kept calling it 10_1. The running element 0 had become job 11.
    Map<String, JobInfo> light = JobMonitor.index(SlurmJson.jobStates(sample2605("jobs_state_cancel_after_v0.0.45.json"), 10));
    assertEquals(JobState.CANCELLED, JobMonitor.element(light, "10_0").state());
    assertEquals(JobState.CANCELLED, JobMonitor.element(light, "10_1").state());
    Map<String, JobInfo> full = JobMonitor.index(new SlurmJson(ApiVersion.V0_0_45).jobs(sample2605("job_get_cancelled_v0.0.45.json")));
    JobInfo rest = JobMonitor.element(full, "10_1");
    assertEquals(JobState.CANCELLED, rest.state());
    assertEquals(io.kakehashi.workflow.FailureKind.CANCELLED, rest.state().failureKind());
    assertEquals(11, JobMonitor.element(full, "10_0").jobId());
    assertNull(JobMonitor.element(full, "12_0"), "another array's element is simply unknown");
    assertEquals(List.of(), SlurmJson.errors(sample2605("cancel_pending_response_v0.0.45.json")));
  }

  @Test
  void readsTheJobStateListOf2411ByTheAskedArray() throws Exception {
    // As 24.11.5 answered GET /slurm/v0.0.42/jobs/state/?job_id=7 for a 6-element array: started
    // elements carry their own job id before the "_", pending ones the array's.
    List<JobInfo> jobs = SlurmJson.jobStates(json("""
        {"jobs": [{"job_id": "12_4", "state": ["RUNNING"]}, {"job_id": "7_5", "state": ["PENDING"]},
                  {"job_id": "11_3", "state": ["COMPLETED"]}, {"job_id": "10_2", "state": ["FAILED"]}],
         "errors": [], "warnings": []}"""), 7);
    Map<String, JobInfo> byElement = JobMonitor.index(jobs);
    assertEquals(List.of("7_2", "7_3", "7_4", "7_5"), byElement.keySet().stream().sorted().toList());
    assertEquals(JobState.RUNNING, byElement.get("7_4").state());
    assertEquals(JobState.PENDING, byElement.get("7_5").state());
    assertEquals(JobState.FAILED, byElement.get("7_2").state());
  }

  @Test
  void readsV38JobsWithPlainNumbersAndStrings() throws Exception {
    List<JobInfo> jobs = new SlurmJson(ApiVersion.V0_0_38).jobs(json("""
        {"errors": [], "jobs": [
          {"job_id": 12, "array_job_id": 10, "array_task_id": 2, "array_task_string": "", "name": "kk-s",
           "comment": "kakehashi:r:s:ab", "job_state": "FAILED", "state_reason": "NonZeroExitCode",
           "exit_code": 3, "time_limit": 5, "submit_time": 1795458558, "start_time": 1795458559, "end_time": 1795458560},
          {"job_id": 10, "array_job_id": 10, "array_task_id": null, "array_task_string": "3-5,7%2",
           "job_state": "PENDING", "exit_code": 0, "start_time": 0}]}"""));
    JobInfo failed = jobs.get(0);
    assertEquals("10_2", failed.displayId());
    assertEquals(JobState.FAILED, failed.state());
    assertEquals(3, failed.exitCode());
    assertEquals(5, failed.timeLimitMinutes());
    assertEquals(Instant.ofEpochSecond(1795458559), failed.started());
    JobInfo pending = jobs.get(1);
    assertEquals(-1, pending.arrayTaskId());
    assertNull(pending.started());
    assertEquals(List.of(3, 4, 5, 7), ArrayIndices.parse(pending.pendingTasks()));
  }

  @Test
  void readsV42JobsWithStateListsAndNumberObjects() throws Exception {
    List<JobInfo> jobs = new SlurmJson(ApiVersion.V0_0_42).jobs(json("""
        {"jobs": [{"job_id": 5, "array_job_id": {"set": true, "infinite": false, "number": 4},
          "array_task_id": {"set": true, "infinite": false, "number": 1},
          "job_state": ["OUT_OF_MEMORY", "REQUEUED"],
          "exit_code": {"status": ["ERROR"], "return_code": {"set": true, "infinite": false, "number": 137}},
          "start_time": {"set": true, "infinite": false, "number": 1795392145},
          "time_limit": {"set": true, "infinite": true, "number": 0},
          "end_time": {"set": false, "infinite": false, "number": 0}}]}"""));
    JobInfo j = jobs.get(0);
    assertEquals("4_1", j.displayId());
    assertEquals(JobState.OUT_OF_MEMORY, j.state());
    assertEquals(io.kakehashi.workflow.FailureKind.OUT_OF_MEMORY, j.state().failureKind());
    assertEquals(137, j.exitCode());
    assertEquals(Integer.MAX_VALUE, j.timeLimitMinutes());
    assertNull(j.ended());
  }

  @Test
  void writesEachDialectsSubmission() throws Exception {
    JobSubmission s = new JobSubmission("#!/bin/bash\ntrue\n", "kk-s", "tag", "0-9%2", Path.of("/tmp/w"), "", "",
        Map.of("PATH", "/bin"), "debug", "", "", 2, 4, 1, 512, 15, "gpu:1", "");
    JsonNode v38 = json(new SlurmJson(ApiVersion.V0_0_38).submitBody(s)).path("job");
    assertEquals("/bin", v38.path("environment").path("PATH").asText());
    assertEquals(15, v38.path("time_limit").asInt());
    assertEquals("[2,2]", v38.path("nodes").toString());
    assertEquals("gpu:1", v38.path("gres").asText());
    JsonNode v42 = json(new SlurmJson(ApiVersion.V0_0_42).submitBody(s)).path("job");
    assertEquals("[\"PATH=/bin\"]", v42.path("environment").toString());
    assertEquals(15, v42.path("time_limit").path("number").asInt());
    assertTrue(v42.path("time_limit").path("set").asBoolean());
    assertEquals(512, v42.path("memory_per_node").path("number").asInt());
    assertEquals("2", v42.path("nodes").asText());
    assertEquals("gres/gpu:1", v42.path("tres_per_node").asText());
    assertEquals("0-9%2", v42.path("array").asText());
  }

  @Test
  void aSubmissionAlwaysHasPathAndATimeLimit() {
    IllegalArgumentException noPath = assertThrows(IllegalArgumentException.class, () -> new JobSubmission(
        "#!/bin/bash\n", "n", "", "", Path.of("/tmp"), "", "", Map.of(), "", "", "", 0, 1, 1, 0, 5, "", ""));
    assertTrue(noPath.getMessage().contains("PATH"));
    assertThrows(IllegalArgumentException.class, () -> new JobSubmission(
        "#!/bin/bash\n", "n", "", "", Path.of("/tmp"), "", "", Map.of("PATH", "/bin"), "", "", "", 0, 1, 1, 0, 0, "", ""));
  }

  @Test
  void configErrorsNameTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SlurmConfig.from(Map.of("url", "http://x", "poll-interval", "soon"), Map.of()));
    assertTrue(e.getMessage().startsWith("slurm.poll-interval:"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SlurmConfig.from(Map.of(), Map.of()));
    SlurmConfig c = SlurmConfig.from(Map.of("poll-interval", "500ms", "api-version", "v0.0.41"),
        Map.of("KAKEHASHI_SLURM_URL", "http://127.0.0.1:6820"));
    assertEquals(Duration.ofMillis(500), c.pollInterval());
    assertEquals(ApiVersion.V0_0_41, c.apiVersion());
    assertEquals(List.of("srun"), c.launcher());
  }
}
