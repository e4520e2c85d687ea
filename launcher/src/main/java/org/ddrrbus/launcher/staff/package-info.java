/** ./ddrr staff: the operator adds and disables the staff of a partner service, one account per person. */
package org.ddrrbus.launcher.staff;
