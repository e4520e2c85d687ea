/** Wiring: the embassy's staff and their read-only access. */
package org.ddrrbus.embassy.system;
