/**
 * Judging records: their wire format and schema, the sender's signature and the exchange's countersignature, and
 * whether the sharing agreement allowed them where they sit.
 */
package org.ddrrbus.auditor.check;
