package io.kakehashi.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuSlotsTest {
  @TempDir Path dir;

  @Test
  void parsesTheKernelsCpuListFormat() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 8, 10, 11}, CpuSlots.parse("0-3,8,10-11\n"));
    assertEquals("2,5", CpuSlots.format(new int[] {2, 5}));
  }

  @Test
  void readsTheAllowedListOfAProcStatusFile() throws Exception {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nCpus_allowed:\t0c\nCpus_allowed_list:\t2-3\nMems_allowed_list:\t0\n");
    assertArrayEquals(new int[] {2, 3}, CpuSlots.allowedCpus(status));
    assertArrayEquals(new int[0], CpuSlots.allowedCpus(dir.resolve("missing")));
  }

  @Test
  void concurrentPointsGetDisjointCpusFromTheEnginesOwnSet() {
    // The engine may only use CPUs 4-7 (a cgroup or taskset); local.cores=3 uses three of them.
    CpuSlots slots = new CpuSlots(new int[] {4, 5, 6, 7}, 3);
    assertTrue(slots.binding());
    int[] a = slots.take(1).orElseThrow();
    int[] b = slots.take(2).orElseThrow();
    assertArrayEquals(new int[] {4}, a);
    assertArrayEquals(new int[] {5, 6}, b);
    assertTrue(slots.take(1).isEmpty(), "all three configured cores are taken");
    slots.give(a);
    assertArrayEquals(new int[] {4}, slots.take(1).orElseThrow());
  }

  @Test
  void moreCoresThanTheEngineMayUseMeansNoBinding() {
    // Oversubscribed: sets cannot be disjoint, so the kernel places the points.
    CpuSlots slots = new CpuSlots(new int[] {0, 1}, 4);
    assertFalse(slots.binding());
    assertTrue(slots.take(1).isEmpty());
  }
}
