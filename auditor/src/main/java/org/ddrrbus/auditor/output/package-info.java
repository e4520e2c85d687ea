/**
 * What the auditor prints and exports: records as readable JSON, CSV or an Avro container file, with protected fields
 * redacted unless the stated purpose allows them, and traces as lines or a table.
 */
package org.ddrrbus.auditor.output;
