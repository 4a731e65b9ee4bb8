package io.kakehashi.store;

import io.kakehashi.plan.PointKey;
import java.time.Instant;
import java.util.Map;

/**
 * One point of a run as the store knows it.
 *
 * @param state PLANNED, SUBMITTED, RUNNING, RETRYING, SUCCEEDED, CACHED, FAILED or SKIPPED
 * @param reason why the point ran (or did not): "new", "param:x changed", "cached from run ..."
 */
public record PointRecord(PointKey key, String fingerprint, Map<String, Object> params,
                          Map<String, String> parts, String state, int attempts, String workDir,
                          String executor, String externalId, String message, String reason,
                          Instant submitted, Instant started, Instant ended) {}
