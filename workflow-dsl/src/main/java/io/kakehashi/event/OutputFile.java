package io.kakehashi.event;

/** A published output file of a point, with what is needed to notice it changed or vanished. */
public record OutputFile(String name, String path, long size, String sha256) {}
