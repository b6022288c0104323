package dev.greenlight.diagnose;

/** Where a root cause lives, for whoever is paged. */
public enum Classification { INFRASTRUCTURE, CONFIGURATION, APPLICATION, UNKNOWN }
