/** Figures: the aggregate programme figures an embassy may see, as published on the statistics topic. */
package org.ddrrbus.embassy.figures;
