/** The dashboard: aggregate figures that never expose a person, for programme managers and donors. */
package org.ddrrbus.dashboard;
