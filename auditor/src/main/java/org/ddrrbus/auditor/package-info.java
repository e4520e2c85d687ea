/**
 * The auditor: the oversight body's read-only command line ({@code audit replay|verify|trace|export}), whose every
 * run is recorded in {@code ddrr.audit-access} before it shows anything.
 */
package org.ddrrbus.auditor;
