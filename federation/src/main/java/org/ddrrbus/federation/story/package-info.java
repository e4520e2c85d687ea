/** The cross-border story played across two linked buses, shared by {@code ./ddrr demo --federation} and its test. */
package org.ddrrbus.federation.story;
