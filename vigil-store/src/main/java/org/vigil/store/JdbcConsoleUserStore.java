package org.vigil.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vigil.core.auth.ConsoleRole;
import org.vigil.core.auth.ConsoleSession;
import org.vigil.core.auth.ConsoleUser;
import org.vigil.core.auth.ConsoleUserStore;
import org.vigil.core.review.ExposureMeter;
import org.vigil.core.review.ExposureStore;

/** Console users, sessions and exposure counters (V101). */
public final class JdbcConsoleUserStore implements ConsoleUserStore, ExposureStore {

  private static final RowMapper<ConsoleUser> USER =
      (rs, ctx) ->
          new ConsoleUser(
              rs.getString("name"),
              rs.getString("tenant"),
              ConsoleRole.fromWire(rs.getString("user_role")),
              rs.getString("password_hash"),
              rs.getBoolean("must_change"),
              Times.read(rs, "created_at"),
              Times.read(rs, "disabled_at"));

  private final Jdbi jdbi;

  public JdbcConsoleUserStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean insert(ConsoleUser user) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  if (h.createQuery("SELECT COUNT(*) FROM console_users WHERE name = :name")
                          .bind("name", user.name())
                          .mapTo(Long.class)
                          .one()
                      > 0) {
                    return false;
                  }
                  h.createUpdate(
                          "INSERT INTO console_users (name, tenant, user_role, password_hash,"
                              + " must_change, created_at) VALUES (:name, :tenant, :role, :hash,"
                              + " :must, :at)")
                      .bind("name", user.name())
                      .bind("tenant", user.tenant())
                      .bind("role", user.role().wireName())
                      .bind("hash", user.passwordHash())
                      .bind("must", user.mustChangePassword())
                      .bind("at", Times.write(user.createdAt()))
                      .execute();
                  return true;
                }));
  }

  @Override
  public Optional<ConsoleUser> find(String name) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM console_users WHERE name = :name")
                        .bind("name", name)
                        .map(USER)
                        .findOne()));
  }

  @Override
  public List<ConsoleUser> list() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM console_users ORDER BY name").map(USER).list()));
  }

  @Override
  public void updatePassword(String name, String passwordHash, boolean mustChange) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE console_users SET password_hash = :hash, must_change = :must"
                                + " WHERE name = :name")
                        .bind("hash", passwordHash)
                        .bind("must", mustChange)
                        .bind("name", name)
                        .execute()));
  }

  @Override
  public void insertSession(
      String tokenHash, String userName, String csrfToken, Instant at, Instant until) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h -> {
                  h.createUpdate("DELETE FROM console_sessions WHERE expires_at < :at")
                      .bind("at", Times.write(at))
                      .execute();
                  h.createUpdate(
                          "INSERT INTO console_sessions (token_hash, user_name, csrf_token,"
                              + " created_at, expires_at) VALUES (:hash, :user, :csrf, :at,"
                              + " :until)")
                      .bind("hash", tokenHash)
                      .bind("user", userName)
                      .bind("csrf", csrfToken)
                      .bind("at", Times.write(at))
                      .bind("until", Times.write(until))
                      .execute();
                }));
  }

  @Override
  public Optional<ConsoleSession> session(String tokenHash, Instant now) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT s.token_hash, s.csrf_token, s.created_at AS s_created,"
                                + " s.expires_at, u.* FROM console_sessions s JOIN console_users"
                                + " u ON u.name = s.user_name WHERE s.token_hash = :hash AND"
                                + " s.expires_at > :now")
                        .bind("hash", tokenHash)
                        .bind("now", Times.write(now))
                        .map(
                            (rs, ctx) ->
                                new ConsoleSession(
                                    rs.getString("token_hash"),
                                    USER.map(rs, ctx),
                                    rs.getString("csrf_token"),
                                    Times.read(rs, "s_created"),
                                    Times.read(rs, "expires_at")))
                        .findOne()));
  }

  @Override
  public void deleteSession(String tokenHash) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate("DELETE FROM console_sessions WHERE token_hash = :hash")
                        .bind("hash", tokenHash)
                        .execute()));
  }

  @Override
  public void add(String moderator, LocalDate day, int reveals, int seconds) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  int changed =
                      h.createUpdate(
                              "UPDATE console_exposure SET reveals = reveals + :r, seconds ="
                                  + " seconds + :s WHERE user_name = :u AND exposure_day = :d")
                          .bind("r", reveals)
                          .bind("s", seconds)
                          .bind("u", moderator)
                          .bind("d", day)
                          .execute();
                  if (changed == 0) {
                    h.createUpdate(
                            "INSERT INTO console_exposure (user_name, exposure_day, reveals,"
                                + " seconds) VALUES (:u, :d, :r, :s)")
                        .bind("r", reveals)
                        .bind("s", seconds)
                        .bind("u", moderator)
                        .bind("d", day)
                        .execute();
                  }
                }));
  }

  @Override
  public ExposureMeter.Exposure get(String moderator, LocalDate day) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT reveals, seconds FROM console_exposure WHERE user_name = :u"
                                + " AND exposure_day = :d")
                        .bind("u", moderator)
                        .bind("d", day)
                        .map(
                            (rs, ctx) ->
                                new ExposureMeter.Exposure(
                                    rs.getInt("reveals"), rs.getInt("seconds")))
                        .findOne()
                        .orElse(new ExposureMeter.Exposure(0, 0))));
  }
}
