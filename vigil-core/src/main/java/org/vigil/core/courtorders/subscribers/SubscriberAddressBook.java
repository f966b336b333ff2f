package org.vigil.core.courtorders.subscribers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.vigil.core.courtorders.SubscriberAddressChange;

/**
 * Which address each restricted subscriber line uses, both ways round, immutable: every update
 * returns a new book and the changes to store and audit. Only lines named by a pending or active
 * order are kept; an address reported for another line releases the line that held it (the address
 * was handed to someone else, who must not inherit the restriction).
 */
public final class SubscriberAddressBook {

  /** What an update did. */
  public enum Outcome {
    RECORDED,
    UNCHANGED,
    CLEARED,
    IGNORED
  }

  /** The book after an update, the changes it made (oldest first) and its outcome. */
  public record Update(
      SubscriberAddressBook book, List<SubscriberAddressChange> changes, Outcome outcome) {}

  private final Map<String, String> byLine;
  private final Map<String, String> byAddress;

  private SubscriberAddressBook(Map<String, String> byLine, Map<String, String> byAddress) {
    this.byLine = byLine;
    this.byAddress = byAddress;
  }

  /** A book of {@code addressByLine} (line pseudonym to canonical address). */
  public static SubscriberAddressBook of(Map<String, String> addressByLine) {
    Map<String, String> byAddress = new HashMap<>();
    addressByLine.forEach((line, address) -> byAddress.put(address, line));
    return new SubscriberAddressBook(Map.copyOf(addressByLine), Map.copyOf(byAddress));
  }

  /** Line pseudonym to address. */
  public Map<String, String> addressByLine() {
    return byLine;
  }

  /** The line's address, or null. */
  public String addressOf(String line) {
    return byLine.get(line);
  }

  /** Whether an update for {@code line} and {@code address} (nullable) could change this book. */
  public boolean concerns(String line, String address) {
    return byLine.containsKey(line) || (address != null && byAddress.containsKey(address));
  }

  /**
   * Applies one accounting record: {@code address} (canonical, or null when the session ended) for
   * {@code line}, which is kept only when {@code lineNamedByLiveOrder}.
   */
  public Update update(
      String line, String address, boolean lineNamedByLiveOrder, Instant now, String actor) {
    Map<String, String> lines = new HashMap<>(byLine);
    Map<String, String> addresses = new HashMap<>(byAddress);
    List<SubscriberAddressChange> changes = new ArrayList<>(2);
    String current = lines.get(line);
    if (address != null) {
      String holder = addresses.get(address);
      if (holder != null && !holder.equals(line)) {
        lines.remove(holder);
        addresses.remove(address);
        changes.add(new SubscriberAddressChange(holder, null, now, "reassigned", actor));
      }
    }
    Outcome outcome;
    if (address == null) {
      if (current != null) {
        lines.remove(line);
        addresses.remove(current);
        changes.add(new SubscriberAddressChange(line, null, now, "accounting", actor));
        outcome = Outcome.CLEARED;
      } else {
        outcome = Outcome.UNCHANGED;
      }
    } else if (!lineNamedByLiveOrder) {
      outcome = Outcome.IGNORED;
    } else if (address.equals(current)) {
      outcome = Outcome.UNCHANGED;
    } else {
      if (current != null) {
        addresses.remove(current);
      }
      lines.put(line, address);
      addresses.put(address, line);
      changes.add(new SubscriberAddressChange(line, address, now, "accounting", actor));
      outcome = Outcome.RECORDED;
    }
    SubscriberAddressBook book =
        changes.isEmpty() ? this : new SubscriberAddressBook(Map.copyOf(lines), addresses);
    return new Update(book, changes, outcome);
  }

  /** Forgets the addresses of lines {@code stillNamed} rejects (their orders ended). */
  public Update releaseUnless(Predicate<String> stillNamed, Instant now, String actor) {
    Map<String, String> lines = new HashMap<>(byLine);
    Map<String, String> addresses = new HashMap<>(byAddress);
    List<SubscriberAddressChange> released = new ArrayList<>();
    for (Map.Entry<String, String> entry : byLine.entrySet()) {
      if (!stillNamed.test(entry.getKey())) {
        lines.remove(entry.getKey());
        addresses.remove(entry.getValue());
        released.add(new SubscriberAddressChange(entry.getKey(), null, now, "order-ended", actor));
      }
    }
    SubscriberAddressBook book =
        released.isEmpty() ? this : new SubscriberAddressBook(Map.copyOf(lines), addresses);
    return new Update(book, released, Outcome.CLEARED);
  }
}
