/** Helpers for tests that use the project's own scripts (scripts/*.sh). */
package io.kakehashi.scripts;
