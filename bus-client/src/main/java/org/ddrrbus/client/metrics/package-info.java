/** The names of the bus's own metrics (Micrometer), listed in docs/operations.md. */
package org.ddrrbus.client.metrics;
