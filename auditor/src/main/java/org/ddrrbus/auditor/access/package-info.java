/** The access log: every run of the auditor recorded, signed, in {@code ddrr.audit-access} before it reads. */
package org.ddrrbus.auditor.access;
