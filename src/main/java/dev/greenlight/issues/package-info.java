/**
 * Issue drafts from a run's JSON report: one per root cause (never per red check), each with a stable fingerprint,
 * written as files (the default, a dry run) or filed on GitHub without duplicates.
 */
package dev.greenlight.issues;
