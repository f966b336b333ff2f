package org.vigil.core.signal;

/**
 * A classifier's score for the subject.
 *
 * @param name the classifier's name
 * @param value the score in [0, 1]
 */
public record Score(String name, double value) implements Signal {}
