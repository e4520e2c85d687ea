/**
 * Liveness and readiness of a service for its operators' probes: ready once connected to Kafka and caught up with its
 * inbox; both answered without a password, and without details to anyone not signed in.
 */
package org.ddrrbus.casework.health;
