/** The interfaith council's service: mentorship and community support for the people referred to it. */
package org.ddrrbus.cicc;
