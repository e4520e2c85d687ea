package org.ddrrbus.dashboard.figures;

/**
 * A change to one cell: how many more events, and how many more distinct people. Summed per cell it is the cell's
 * value; it carries no subjectRef, so the repartition topic between the two stages knows nobody.
 */
record Delta(long count, long persons) {

    static final Delta ZERO = new Delta(0, 0);

    Delta plus(Delta other) {
        return new Delta(count + other.count, persons + other.persons);
    }

    boolean isZero() {
        return count == 0 && persons == 0;
    }
}
