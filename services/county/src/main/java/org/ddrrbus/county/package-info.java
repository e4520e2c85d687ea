/** A county government's service: the support it gives to people referred to it. */
package org.ddrrbus.county;
