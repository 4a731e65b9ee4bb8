/** The alloy screen on its engines: in-process threads, Spark {@code local[*]}, a standalone cluster. */
package io.kakehashi.bench.screen;
