/**
 * The findings that {@code audit} and {@code preflight} produce and {@code report} writes: one shape for both,
 * so neither feature depends on the other and the writers (text, JSON, SARIF) exist once.
 */
package dev.greenlight.finding;
