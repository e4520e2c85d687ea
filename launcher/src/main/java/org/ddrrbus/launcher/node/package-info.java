/**
 * ./ddrr node: a partner's node, on its own machine, from a home that holds only its own agency's password, keys and
 * staff; made from the operator's enrolment, started with one-line refusals for every way it cannot run.
 */
package org.ddrrbus.launcher.node;
