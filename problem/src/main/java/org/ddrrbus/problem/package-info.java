/** The one shape of every refusal the bus's web services send (RFC 9457 problem details). */
package org.ddrrbus.problem;
