package org.vigil.hash.index;

/** Receives the entries a Hamming search finds; called once per hit, with no allocation. */
@FunctionalInterface
public interface HitConsumer {
  void accept(long id, int distance);
}
