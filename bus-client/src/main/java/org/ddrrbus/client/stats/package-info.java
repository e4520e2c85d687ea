/** The shape of the aggregate figures published on {@code ddrr.stats} for programme managers and donors. */
package org.ddrrbus.client.stats;
