/** {@code ddrr federate}: the federation link between two national buses running on this machine. */
package org.ddrrbus.launcher.federation;
