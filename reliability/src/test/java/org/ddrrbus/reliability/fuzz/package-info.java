/** Bad input at every edge — the wire format, the ledger, the REST API, agreement files, command lines — from seeded generators. */
package org.ddrrbus.reliability.fuzz;
