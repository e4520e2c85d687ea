/** ./ddrr up: the whole bus on one machine, and what it prints and writes for the people who use it. */
package org.ddrrbus.launcher.up;
