/** Routing: the gate every ledger event passes, the policy decisions behind it, and the topology that runs it. */
package org.ddrrbus.exchange.routing;
