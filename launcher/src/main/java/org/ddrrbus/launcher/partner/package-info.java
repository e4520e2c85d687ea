/**
 * ./ddrr partner: the operator's side of a node, an agency's Kafka password set on the broker and handed over in an
 * enrolment file, of which the operator keeps no copy.
 */
package org.ddrrbus.launcher.partner;
