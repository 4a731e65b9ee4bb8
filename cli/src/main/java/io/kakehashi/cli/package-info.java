/**
 * The {@code kakehashi} command ({@link io.kakehashi.cli.Main}, on picocli): {@code run},
 * {@code resume}, {@code status}, {@code runs}, {@code logs}, {@code explain}, {@code cancel},
 * {@code report} and {@code doctor}, one class each. Around them: finding a campaign by file,
 * class or registered name ({@code CampaignLoader}), the home and its settings ({@code Settings}),
 * the programs a run needs, checked before it starts ({@code Programs}), and the live progress
 * line. A problem the user can fix is a {@code CliException}: one paragraph, no stack trace.
 */
package io.kakehashi.cli;
