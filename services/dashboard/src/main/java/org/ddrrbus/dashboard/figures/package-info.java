/**
 * Figures: the Kafka Streams topology that folds the ledger into per-person facts, counts their contributions to
 * each cell, and publishes the suppressed figures; and the board the web pages read them from.
 */
package org.ddrrbus.dashboard.figures;
