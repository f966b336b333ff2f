package org.vigil.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.core.json.Json;

class DecideJsonTest {

  private static DecideRequest read(String json) throws Exception {
    return DecideJson.readRequest(Json.MAPPER.readTree(json));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"action":"dance","actor":{}}|action
          {"actor":{}}|action
          {"action":"signup"}|actor
          {"action":"signup","actor":{"birthDate":"2011-02-30"}}|actor.birthDate
          {"action":"signup","actor":{"birthDate":"02/03/2011"}}|actor.birthDate
          {"action":"signup","actor":{},"at":"yesterday"}|at
          {"action":"signup","actor":{},"service":{"category":"dating"}}|service.category
          {"action":"signup","actor":{},"service":{"category":"forum","lawfulBasis":"gdpr"}}|service.lawfulBasis
          {"action":"signup","actor":{},"service":{"category":"forum","lawfulBasis":6}}|service.lawfulBasis
          {"action":"signup","actor":{"ageSignals":[{"source":"rumour","birthDate":"2000-01-01"}]}}|actor.ageSignals[0].source
          {"action":"signup","actor":{"ageSignals":[{"source":"estimate","minAge":16}]}}|actor.ageSignals[0]
          {"action":"signup","actor":{"ageSignals":[{"source":"estimate","minAge":"x","maxAge":2}]}}|actor.ageSignals[0].minAge
          {"action":"signup","actor":{"ageSignals":[{"source":"self_declared","birthDate":"2000-01-01","level":"strict"}]}}|actor.ageSignals[0]
          {"action":"signup","actor":{"timeZone":"Mars/Olympus"}}|actor.timeZone
          {"action":"signup","actor":{"birthdate":"2000-01-01"}}|actor.birthdate
          {"action":"signup","actor":{},"extra":1}|extra
          {"action":"signup","actor":{"identifiers":{"email":5}}}|actor.identifiers.email
          {"action":"view_content","actor":{},"content":{"rating":"x-rated"}}|content.rating
          {"action":"message","actor":{},"target":{"connected":"yes"}}|target.connected
          """)
  void readRequest_badField_namesIt(String json, String field) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void readRequest_fullRequest_everyFieldRead() throws Exception {
    DecideRequest request =
        read(
            """
            {"action": "message", "jurisdiction": "FR", "service": {"category": "messaging"},
             "actor": {"accountId": "s", "birthDate": "2000-01-02", "timeZone": "Europe/Paris",
                       "identifiers": {"email": "a@example.org", "phone": "+33100000000"},
                       "ageSignals": [{"source": "verified", "method": "document", "birthDate": "2000-01-02", "level": "strict"},
                                      {"source": "os_age_range", "minAge": 18}]},
             "target": {"accountId": "r", "connected": true},
             "content": {"rating": "teen"},
             "at": "2026-11-23T11:00:00+01:00"}
            """);

    assertThat(request.action()).isEqualTo(AccountAction.MESSAGE);
    assertThat(request.actor().identifiers()).containsEntry("phone", "+33100000000");
    assertThat(request.actor().ageSignals().get(0).level()).isEqualTo(AssuranceLevel.STRICT);
    assertThat(request.actor().ageSignals().get(1).source()).isEqualTo(SignalSource.OS_AGE_RANGE);
    assertThat(request.actor().ageSignals().get(1).maxAge()).isNull();
    assertThat(request.actor().birthDate()).isEqualTo(LocalDate.of(2000, 1, 2));
    assertThat(request.target().connected()).isTrue();
    assertThat(request.contentRating()).isEqualTo(ContentRating.TEEN);
    assertThat(request.at()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
  }

  @Test
  void readAccount_roundTripsThroughStorageFormat() throws Exception {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    Account account =
        DecideJson.readAccount(
            "acc-1",
            Json.MAPPER.readTree(
                """
                {"country": "AU", "birthDate": "2010-05-05", "timeZone": "Australia/Sydney",
                 "ageSignals": [{"source": "estimate", "method": "facial", "minAge": 15, "maxAge": 17, "confidence": 0.8}],
                 "connections": ["acc-2", "acc-3"], "parentalConsent": true}
                """),
            now);

    assertThat(account.ageSignals().get(0).observedAt()).isEqualTo(now);
    assertThat(DecideJson.readSignals(DecideJson.writeSignals(account.ageSignals())))
        .isEqualTo(account.ageSignals());
    assertThat(DecideJson.writeAccount(account).get("connections").toString())
        .isEqualTo("[\"acc-2\",\"acc-3\"]");
  }

  @Test
  void readAccount_futureBirthDate_rejected() {
    assertThatThrownBy(
            () ->
                DecideJson.readAccount(
                    "x",
                    Json.MAPPER.readTree("{\"birthDate\": \"2030-01-01\"}"),
                    Instant.parse("2026-11-23T10:00:00Z")))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("birthDate"));
  }

  /** The fast date reader gives LocalDate.parse's date, or leaves the text to it. */
  @Test
  void plainDate_anyDateShapedText_sameAsLocalDateParse() {
    String[] odd = {"", "2024-1-01", "2024-01-1", "+2024-01-01", "2024/01/01", "２０２４-01-01"};
    qt().withExamples(5000)
        .forAll(
            integers().between(-50, 10050),
            integers().between(-1, 14),
            integers().between(-1, 33),
            integers().between(0, 20))
        .checkAssert(
            (year, month, day, shape) -> {
              String text =
                  shape < odd.length
                      ? odd[shape]
                      : String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", year, month, day);
              LocalDate parsed;
              try {
                parsed = LocalDate.parse(text);
              } catch (java.time.format.DateTimeParseException e) {
                parsed = null;
              }
              LocalDate fast = DecideJson.plainDate(text);
              if (fast != null) {
                assertThat(fast).isEqualTo(parsed);
              } else if (parsed != null) {
                // Left to LocalDate.parse: only text the fast reader does not take on.
                assertThat(text).doesNotMatch("\\d{4}-\\d{2}-\\d{2}");
              }
            });
  }
}
