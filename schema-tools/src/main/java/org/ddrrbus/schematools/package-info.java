/** The build's schema gate: every event schema version checked for compatibility and the catalogue's rules before it ships. */
package org.ddrrbus.schematools;
