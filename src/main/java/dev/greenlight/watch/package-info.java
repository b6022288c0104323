/**
 * {@code greenlight watch}: the plan on a schedule, with memory (the store), Prometheus metrics, a status page and
 * the rollback hook once per incident. It never speaks SQL itself.
 */
package dev.greenlight.watch;
