package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.cli.ReportingRig.Reply;
import org.vigil.report.ncmec.CyberTiplineTestServer;

/**
 * Issue 18's crash test between {@code /submit} and {@code /finish}, at process level: the real
 * {@code vigil serve} files a policy's CyberTipline report on the protocol test server, which holds
 * its answer to one call of the first attempt (NCMEC has acted; Vigil has not heard) while the test
 * kills the server with SIGKILL. After a restart on the same data directory the report is filed
 * exactly once, with its file exactly once, and NCMEC's id is on the case:
 *
 * <ul>
 *   <li>killed in {@code /submit}: the open report Vigil never learnt of stays unfinished (NCMEC
 *       deletes it) and a new one is filed;
 *   <li>killed in {@code /upload} or {@code /fileinfo}: the open report is retracted and a new one
 *       is filed from {@code /submit};
 *   <li>killed in {@code /finish}: {@code /finish} is sent again, NCMEC answers "already finished"
 *       (5102), which counts as filed: one report in all.
 * </ul>
 *
 * CI runs each of the four kill points once; {@code -Dvigil.ncmec.crash.trials=12} cycles through
 * them more times (README, "Reports to NCMEC's CyberTipline").
 */
class NcmecKillProcessTest {

  private static final List<String> KILL_POINTS =
      List.of("/submit", "/upload", "/fileinfo", "/finish");

  @TempDir Path dataDir;

  @Test
  // Each trial is one restart of the server (a few seconds each on a busy 2-core machine); every
  // wait inside has its own bound.
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void serve_killedBetweenSubmitAndFinish_reportFiledOnceWithItsFileAndIdOnTheCase()
      throws Exception {
    int trials = Integer.getInteger("vigil.ncmec.crash.trials", KILL_POINTS.size());
    try (CyberTiplineTestServer ncmec = new CyberTiplineTestServer()) {
      Map<String, String> env =
          Map.of(
              "VIGIL_NCMEC_URL",
              ncmec.base().toString(),
              "VIGIL_NCMEC_USER",
              CyberTiplineTestServer.USER,
              "VIGIL_NCMEC_PASSWORD",
              CyberTiplineTestServer.PASSWORD,
              "VIGIL_NCMEC_REPORTER_EMAIL",
              "reports@example.org",
              // A policy's draft still waits for one person's confirmation; no second one needed.
              "VIGIL_REPORT_FOUR_EYES",
              "false",
              "VIGIL_NCMEC_SEND_EVERY",
              "PT0.2S");
      ServeProcess server = ServeProcess.start(dataDir, env);
      try {
        String admin = ServeProcess.adminKey(dataDir);
        String platform = ReportingRig.createKey(server.port, admin, "platform");
        String specialist = ReportingRig.createKey(server.port, admin, "specialist");
        ReportingRig.bankAndPolicy(server.port, admin);
        for (int trial = 0; trial < trials; trial++) {
          String killPoint = KILL_POINTS.get(trial % KILL_POINTS.size());
          server = trial(ncmec, env, server, admin, platform, specialist, trial, killPoint);
        }
      } finally {
        server.close();
        ServeProcess.stopLeftoverPostgres(dataDir);
      }
    }
  }

  private ServeProcess trial(
      CyberTiplineTestServer ncmec,
      Map<String, String> env,
      ServeProcess server,
      String admin,
      String platform,
      String specialist,
      int trial,
      String killPoint)
      throws Exception {
    byte[] image = ReportingRig.shapesPng(1000 + trial);
    ReportingRig.addToBank(server.port, admin, image);
    Reply scanned = ReportingRig.upload(server.port, platform, image, "upload-" + trial);
    assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
    JsonNode decision = scanned.json();
    assertThat(decision.get("verdict").asText()).isEqualTo("block");
    String caseId = decision.get("caseId").asText();
    assertThat(decision.get("evidence").get("state").asText()).isEqualTo("preserved");
    assertThat(decision.get("report").get("state").asText()).isEqualTo("awaiting_confirmation");

    // The test server holds its answer to the kill point's first call until the process is dead.
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch killed = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    ncmec.afterProcessing(
        path -> {
          if (path.equals(killPoint) && armed.compareAndSet(true, false)) {
            reached.countDown();
            try {
              killed.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    String reportPath = "/v1/cases/" + caseId + "/report";
    Reply confirmed =
        ReportingRig.json(server.port, "POST", reportPath + "/confirm", specialist, null);
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    assertThat(reached.await(2, TimeUnit.MINUTES))
        .as("the filing job reached %s; server log:%n%s", killPoint, server.output())
        .isTrue();
    server.kill();
    killed.countDown();
    ncmec.afterProcessing(null);

    ServeProcess restarted = ServeProcess.start(dataDir, env);
    JsonNode filing = awaitFiled(restarted, reportPath, specialist);
    assertThat(filing.get("state").asText())
        .as("after a kill in %s: %s%nserver log:%n%s", killPoint, filing, restarted.output())
        .isEqualTo("filed");

    String marker = "Vigil case " + caseId + ".";
    List<CyberTiplineTestServer.Report> ofCase =
        ncmec.reports().stream().filter(r -> r.xml.contains(marker)).toList();
    List<CyberTiplineTestServer.Report> finished = ofCase.stream().filter(r -> r.finished).toList();
    assertThat(finished)
        .as("finished reports of %s after a kill in %s", caseId, killPoint)
        .hasSize(1);
    CyberTiplineTestServer.Report filed = finished.get(0);
    assertThat(filing.get("reportId").asLong()).isEqualTo(filed.id);
    assertThat(filed.files.values()).singleElement().isEqualTo(image);
    assertThat(filed.details).hasSize(1);
    List<CyberTiplineTestServer.Report> unfinished =
        ofCase.stream().filter(r -> !r.finished).toList();
    switch (killPoint) {
      case "/submit" ->
          // Vigil never learnt this report's id: it stays unfinished, and NCMEC deletes it.
          assertThat(unfinished).singleElement().satisfies(r -> assertThat(r.files).isEmpty());
      case "/upload", "/fileinfo" ->
          assertThat(unfinished)
              .singleElement()
              .satisfies(r -> assertThat(r.retracted).as("retracted").isTrue());
      case "/finish" -> assertThat(unfinished).isEmpty();
      default -> throw new AssertionError(killPoint);
    }
    System.out.printf(
        "ncmec crash trial %d: killed in %s; filed %d, %d unfinished%n",
        trial + 1, killPoint, filed.id, unfinished.size());
    return restarted;
  }

  private static JsonNode awaitFiled(ServeProcess server, String path, String key)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    JsonNode filing;
    do {
      filing = ReportingRig.json(server.port, "GET", path, key, null).json();
      if (!"sending".equals(filing.get("state").asText())) {
        return filing;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return filing;
  }
}
