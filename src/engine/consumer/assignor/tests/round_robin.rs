//! Goal: `RoundRobinAssignor` returns Kafka's lists for Kafka's own test cases.
//! Method: each case translated from Kafka's test (same ids, topics and expected lists).
//! Kafka: clients/src/test/java/org/apache/kafka/clients/consumer/RoundRobinAssignorTest.java

use super::*;

#[test]
fn round_robin_one_consumer() {
    // Kafka: RoundRobinAssignorTest.testOneConsumerOneTopic, testOnlyAssignsPartitionsFromSubscribedTopics,
    // testOneConsumerMultipleTopics
    let a = assign(
        RoundRobin,
        &ppt(&[("topic", 3), ("other", 3)]),
        &[sub("consumer", &["topic"])],
    );
    assert_eq!(get(&a, "consumer"), tps(&["topic-0", "topic-1", "topic-2"]));
    let a = assign(
        RoundRobin,
        &ppt(&[("topic1", 1), ("topic2", 2)]),
        &[sub("consumer", &["topic1", "topic2"])],
    );
    assert_eq!(
        get(&a, "consumer"),
        tps(&["topic1-0", "topic2-0", "topic2-1"])
    );
}

#[test]
fn round_robin_two_consumers() {
    // Kafka: RoundRobinAssignorTest.testTwoConsumersOneTopicOnePartition, testTwoConsumersOneTopicTwoPartitions,
    // testTwoDynamicConsumersTwoTopicsSixPartitions
    let members = [sub("consumer1", &["topic"]), sub("consumer2", &["topic"])];
    let a = assign(RoundRobin, &ppt(&[("topic", 1)]), &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic-0"]));
    assert!(get(&a, "consumer2").is_empty());
    let a = assign(RoundRobin, &ppt(&[("topic", 2)]), &members);
    assert_eq!(get(&a, "consumer2"), tps(&["topic-1"]));
    let both = ["topic1", "topic2"];
    let members = [sub("consumer1", &both), sub("consumer2", &both)];
    let a = assign(RoundRobin, &ppt(&[("topic1", 3), ("topic2", 3)]), &members);
    assert_eq!(
        get(&a, "consumer1"),
        tps(&["topic1-0", "topic1-2", "topic2-1"])
    );
    assert_eq!(
        get(&a, "consumer2"),
        tps(&["topic1-1", "topic2-0", "topic2-2"])
    );
}

#[test]
fn round_robin_mixed_topics() {
    // Kafka: RoundRobinAssignorTest.testMultipleConsumersMixedTopics
    let members = [
        sub("consumer1", &["topic1"]),
        sub("consumer2", &["topic1", "topic2"]),
        sub("consumer3", &["topic1"]),
    ];
    let a = assign(RoundRobin, &ppt(&[("topic1", 3), ("topic2", 2)]), &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0"]));
    assert_eq!(
        get(&a, "consumer2"),
        tps(&["topic1-1", "topic2-0", "topic2-1"])
    );
    assert_eq!(get(&a, "consumer3"), tps(&["topic1-2"]));
}

#[test]
fn round_robin_unbalanced_mixed_subscriptions() {
    // Kafka: RoundRobinAssignor class javadoc (KAFKA.md section 7)
    let members = [
        sub("C0", &["t0"]),
        sub("C1", &["t0", "t1"]),
        sub("C2", &["t0", "t1", "t2"]),
    ];
    let a = assign(
        RoundRobin,
        &ppt(&[("t0", 1), ("t1", 2), ("t2", 3)]),
        &members,
    );
    assert_eq!(get(&a, "C0"), tps(&["t0-0"]));
    assert_eq!(get(&a, "C1"), tps(&["t1-0"]));
    assert_eq!(get(&a, "C2"), tps(&["t1-1", "t2-0", "t2-1", "t2-2"]));
}

#[test]
fn round_robin_static_members() {
    // Kafka: RoundRobinAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions,
    // testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions,
    // testStaticMemberRoundRobinAssignmentPersistent, ...PersistentAfterMemberIdChanges
    let both = ["topic1", "topic2"];
    let partitions = ppt(&[("topic1", 3), ("topic2", 3)]);
    let a = assign(
        RoundRobin,
        &partitions,
        &[
            static_sub("consumer-b", "instance1", &both),
            static_sub("consumer-a", "instance2", &both),
        ],
    );
    assert_eq!(
        get(&a, "consumer-b"),
        tps(&["topic1-0", "topic1-2", "topic2-1"])
    );
    assert_eq!(
        get(&a, "consumer-a"),
        tps(&["topic1-1", "topic2-0", "topic2-2"])
    );
    let a = assign(
        RoundRobin,
        &partitions,
        &[
            static_sub("consumer-b", "instance1", &both),
            sub("consumer-a", &both),
        ],
    );
    assert_eq!(
        get(&a, "consumer-b"),
        tps(&["topic1-0", "topic1-2", "topic2-1"])
    );

    let mut members = vec![
        static_sub("consumer1", "instance1", &both),
        static_sub("consumer2", "instance2", &both),
        static_sub("consumer3", "instance3", &both),
        sub("consumer4", &both),
    ];
    let a = assign(RoundRobin, &partitions, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0", "topic2-1"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic1-1", "topic2-2"]));
    assert_eq!(get(&a, "consumer3"), tps(&["topic1-2"]));
    assert_eq!(get(&a, "consumer4"), tps(&["topic2-0"]));
    members[3] = sub("consumer5", &both);
    let b = assign(RoundRobin, &partitions, &members);
    assert_eq!(get(&b, "consumer5"), tps(&["topic2-0"]));

    let partitions = ppt(&[("topic1", 5), ("topic2", 5)]);
    let before = assign(
        RoundRobin,
        &partitions,
        &[
            static_sub("consumer1", "instance1", &both),
            static_sub("consumer2", "instance2", &both),
            static_sub("consumer3", "instance3", &both),
        ],
    );
    assert_eq!(
        get(&before, "consumer1"),
        tps(&["topic1-0", "topic1-3", "topic2-1", "topic2-4"])
    );
    assert_eq!(
        get(&before, "consumer2"),
        tps(&["topic1-1", "topic1-4", "topic2-2"])
    );
    assert_eq!(
        get(&before, "consumer3"),
        tps(&["topic1-2", "topic2-0", "topic2-3"])
    );
    let after = assign(
        RoundRobin,
        &partitions,
        &[
            static_sub("consumer1", "instance1", &both),
            static_sub("consumer5", "instance2", &both),
            static_sub("consumer4", "instance3", &both),
        ],
    );
    assert_eq!(get(&after, "consumer5"), get(&before, "consumer2"));
    assert_eq!(get(&after, "consumer4"), get(&before, "consumer3"));
}
