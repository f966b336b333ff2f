package org.vigil.cli;

/** Placeholder. */
public final class VigilCommand {
  private VigilCommand() {}

  public static void main(String[] args) {
    System.out.println("vigil");
  }
}
