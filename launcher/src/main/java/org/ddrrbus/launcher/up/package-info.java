/**
 * ./ddrr up: the whole bus on one machine, each component from a node home of its own, and what it prints and writes
 * for the people who use it.
 */
package org.ddrrbus.launcher.up;
