/**
 * The engine. {@link io.kakehashi.engine.Engine} is the configuration and the entry points (run,
 * resume, cancel, detach); one execution of a run is a {@code Run}: a driver loop over a
 * {@code RunPhase}, beside its state ({@code RunContext}, each point in a {@code PointState}) and
 * the collaborators that change it: {@code RunPlanner} (planning, cache reuse), {@code Dispatcher}
 * (launching by capacity), {@code Outcomes} (executors' reports, retries). One thread owns all of
 * it; events leave through one {@code EventStream}, the run store first.
 */
package io.kakehashi.engine;
