/** Operations: how the bus is doing — ledger throughput, consumer lag of each agency's inbox, quarantine counts. */
package org.ddrrbus.dashboard.operations;
