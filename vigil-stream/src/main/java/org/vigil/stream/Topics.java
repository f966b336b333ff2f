package org.vigil.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The four topics Vigil uses, created on first start when missing (an operator may create them
 * beforehand with other settings; existing topics are left as they are).
 */
public final class Topics {

  /** Scan requests, keyed by content id (docs/kafka.md has the schema). */
  public static final String REQUESTS = "vigil.scan.requests";

  /** One message per decided request, keyed by request id. */
  public static final String RESULTS = "vigil.scan.results";

  /** Messages that can never be decided, with the reason. */
  public static final String DEAD = "vigil.scan.dead";

  /** Bank change-log positions, compacted to the newest per bank. */
  public static final String BANKS = "vigil.banks";

  /** Largest message: an image scanned by a worker travels inside its request. */
  public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

  private Topics() {}

  /**
   * Creates whichever topics are missing.
   *
   * @param partitions partitions of the request and result topics: the most workers that can share
   *     the work
   */
  public static void ensure(KafkaClientSettings kafka, int partitions) {
    String bootstrap = kafka.bootstrap();
    try (Admin admin = Admin.create(kafka.admin())) {
      List<NewTopic> topics = new ArrayList<>();
      String maxBytes = Integer.toString(MAX_MESSAGE_BYTES + 64 * 1024);
      topics.add(
          new NewTopic(REQUESTS, Optional.of(partitions), Optional.empty())
              .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
      topics.add(new NewTopic(RESULTS, Optional.of(partitions), Optional.empty()));
      topics.add(
          new NewTopic(DEAD, Optional.of(1), Optional.empty())
              .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
      topics.add(
          new NewTopic(BANKS, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new KafkaUnavailableException(
                "cannot create topic " + topic.name() + " at " + bootstrap + ": " + message(e), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(
          "no Kafka broker answered at " + bootstrap + " within 15 s", e);
    }
  }

  static String message(Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
