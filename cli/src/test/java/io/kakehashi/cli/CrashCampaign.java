package io.kakehashi.cli;

import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.Input;
import io.kakehashi.workflow.Step;
import io.kakehashi.workflow.Sweep;
import io.kakehashi.workflow.Workflow;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 48 (or {@code points}) short command points and a gather, each point appending "index attempt-dir" to a shared
 * journal when it completes, so a test can see every execution, including those whose engine died.
 */
public final class CrashCampaign implements Campaign {
  @Override
  public Workflow define(Map<String, String> p) {
    String journal = p.get("journal");
    String sleep = p.getOrDefault("sleep", "0.15");
    List<Integer> ids = new ArrayList<>();
    int points = Integer.parseInt(p.getOrDefault("points", "48"));
    for (int i = 0; i < points; i++) ids.add(i);
    return Workflow.builder("crash")
        .step(Step.command("work", "sh", "-c", "sleep $4; echo $2 > out.txt; echo \"$2 $3\" >> \"$1\"",
                "sh", journal, "${i}", "${workdir}", sleep)
            .sweep(Sweep.over("i", ids))
            .outputs("out.txt"))
        .step(Step.function("total", ctx -> {
              long sum = 0;
              for (var f : ctx.inputFiles("outs")) sum += Long.parseLong(Files.readString(f).trim());
              ctx.value("sum", sum);
            })
            .input("outs", Input.gather("work", "out.txt"))
            .version("1"))
        .build();
  }
}
