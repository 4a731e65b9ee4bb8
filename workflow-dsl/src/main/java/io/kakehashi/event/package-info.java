/**
 * The one stream of events a run produces. The run store, the CLI's progress line and the report
 * all consume the same events; the store sees each batch first.
 */
package io.kakehashi.event;
