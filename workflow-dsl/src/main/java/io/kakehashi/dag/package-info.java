/**
 * The dependency graph of a workflow's steps, known only as names with upstream names: validation
 * (invalid and duplicate names, cycles with their path) and a topological order, in linear time
 * for million-step workflows. What else makes a step valid is the workflow package's concern.
 */
package io.kakehashi.dag;
