package io.kakehashi.store;

import io.kakehashi.plan.PointKey;
import java.time.Instant;

/** One attempt at a point. {@code state} is SUBMITTED, RUNNING, SUCCEEDED or FAILED. */
public record AttemptRecord(PointKey key, int attempt, String executor, String externalId, String state,
                            String failure, int exitCode, String message, String resources,
                            Instant submitted, Instant started, Instant ended) {}
