/**
 * The run report: {@link io.kakehashi.report.HtmlReport} writes one self-contained HTML file per
 * run from the run store alone, with the DAG and the timeline drawn as plain SVG, per-step times
 * and states, and every {@code report.*} section the steps published (charts drawn with XChart and
 * inlined as SVG, tables, metrics, text). User text is escaped; nothing is loaded from the network.
 */
package io.kakehashi.report;
