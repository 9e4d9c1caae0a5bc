//! Goal: `RangeAssignor` returns Kafka's lists for Kafka's own test cases.
//! Method: each case translated from Kafka's test (same ids, topics and expected lists).
//! Kafka: clients/src/test/java/org/apache/kafka/clients/consumer/RangeAssignorTest.java

use super::*;

#[test]
fn range_one_consumer_topics() {
    // Kafka: RangeAssignorTest.testOneConsumerOneTopic, testOnlyAssignsPartitionsFromSubscribedTopics,
    // testOneConsumerMultipleTopics
    let a = assign(
        Range,
        &ppt(&[("topic1", 3), ("other", 3)]),
        &[sub("consumer1", &["topic1"])],
    );
    assert_eq!(
        get(&a, "consumer1"),
        tps(&["topic1-0", "topic1-1", "topic1-2"])
    );
    let a = assign(
        Range,
        &ppt(&[("topic1", 1), ("topic2", 2)]),
        &[sub("consumer1", &["topic1", "topic2"])],
    );
    assert_eq!(
        get(&a, "consumer1"),
        tps(&["topic1-0", "topic2-0", "topic2-1"])
    );
}

#[test]
fn range_two_consumers_one_topic() {
    // Kafka: RangeAssignorTest.testTwoConsumersOneTopicOnePartition, testTwoConsumersOneTopicTwoPartitions
    let members = [sub("consumer1", &["topic1"]), sub("consumer2", &["topic1"])];
    let a = assign(Range, &ppt(&[("topic1", 1)]), &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0"]));
    assert!(get(&a, "consumer2").is_empty());
    let a = assign(Range, &ppt(&[("topic1", 2)]), &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic1-1"]));
}

#[test]
fn range_multiple_consumers_mixed_topics() {
    // Kafka: RangeAssignorTest.testMultipleConsumersMixedTopics
    let members = [
        sub("consumer1", &["topic1"]),
        sub("consumer2", &["topic1", "topic2"]),
        sub("consumer3", &["topic1"]),
    ];
    let a = assign(Range, &ppt(&[("topic1", 3), ("topic2", 2)]), &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0"]));
    assert_eq!(
        get(&a, "consumer2"),
        tps(&["topic1-1", "topic2-0", "topic2-1"])
    );
    assert_eq!(get(&a, "consumer3"), tps(&["topic1-2"]));
}

#[test]
fn range_two_consumers_two_topics_six_partitions() {
    // Kafka: RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions (and the class javadoc)
    let members = [
        sub("consumer1", &["topic1", "topic2"]),
        sub("consumer2", &["topic1", "topic2"]),
    ];
    let a = assign(Range, &ppt(&[("topic1", 3), ("topic2", 3)]), &members);
    assert_eq!(
        get(&a, "consumer1"),
        tps(&["topic1-0", "topic1-1", "topic2-0", "topic2-1"])
    );
    assert_eq!(get(&a, "consumer2"), tps(&["topic1-2", "topic2-2"]));
}

#[test]
fn range_static_members_sort_by_instance_id() {
    // Kafka: RangeAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions,
    // testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions
    let partitions = ppt(&[("topic1", 3), ("topic2", 3)]);
    let both = ["topic1", "topic2"];
    let members = [
        static_sub("consumer-b", "instance1", &both),
        static_sub("consumer-a", "instance2", &both),
    ];
    let a = assign(Range, &partitions, &members);
    assert_eq!(
        get(&a, "consumer-b"),
        tps(&["topic1-0", "topic1-1", "topic2-0", "topic2-1"])
    );
    assert_eq!(get(&a, "consumer-a"), tps(&["topic1-2", "topic2-2"]));
    let members = [
        static_sub("consumer-b", "instance1", &both),
        sub("consumer-a", &both),
    ];
    let a = assign(Range, &partitions, &members);
    assert_eq!(
        get(&a, "consumer-b"),
        tps(&["topic1-0", "topic1-1", "topic2-0", "topic2-1"])
    );
    assert_eq!(get(&a, "consumer-a"), tps(&["topic1-2", "topic2-2"]));
}

#[test]
fn range_static_member_assignment_persistent() {
    // Kafka: RangeAssignorTest.testStaticMemberRangeAssignmentPersistent (exact lists)
    let partitions = ppt(&[("topic1", 5), ("topic2", 4)]);
    let both = ["topic1", "topic2"];
    let mut members = vec![
        static_sub("consumer1", "instance1", &both),
        static_sub("consumer2", "instance2", &both),
        static_sub("consumer3", "instance3", &both),
        sub("consumer4", &both),
    ];
    let a = assign(Range, &partitions, &members);
    assert_eq!(
        get(&a, "consumer1"),
        tps(&["topic1-0", "topic1-1", "topic2-0"])
    );
    assert_eq!(get(&a, "consumer2"), tps(&["topic1-2", "topic2-1"]));
    assert_eq!(get(&a, "consumer3"), tps(&["topic1-3", "topic2-2"]));
    assert_eq!(get(&a, "consumer4"), tps(&["topic1-4", "topic2-3"]));
    members[3] = sub("consumer5", &both);
    let b = assign(Range, &partitions, &members);
    assert_eq!(get(&b, "consumer1"), get(&a, "consumer1"));
    assert_eq!(get(&b, "consumer3"), get(&a, "consumer3"));
    assert_eq!(get(&b, "consumer5"), tps(&["topic1-4", "topic2-3"]));
    assert!(!b.contains_key("consumer4"));
}

#[test]
fn range_non_rack_aware_expectations() {
    // Kafka: RangeAssignorTest.testRackAwareAssignmentWithUniformSubscription,
    // testRackAwareAssignmentWithNonEqualSubscription, testCoPartitionedAssignmentWithSameSubscription
    // (the verifyNonRackAwareAssignment expectations; compared as sorted strings like Kafka)
    let partitions = ppt(&[("t1", 6), ("t2", 7), ("t3", 2)]);
    let all = ["t1", "t2", "t3"];
    let check =
        |members: &[MemberSubscription], partitions: &BTreeMap<String, u32>, expected: &[&str]| {
            let a = assign(Range, partitions, members);
            for (i, e) in expected.iter().enumerate() {
                assert_eq!(sorted_string(get(&a, &format!("consumer{i}"))), *e);
            }
        };
    check(
        &[
            sub("consumer0", &all),
            sub("consumer1", &all),
            sub("consumer2", &all),
        ],
        &partitions,
        &[
            "t1-0, t1-1, t2-0, t2-1, t2-2, t3-0",
            "t1-2, t1-3, t2-3, t2-4, t3-1",
            "t1-4, t1-5, t2-5, t2-6",
        ],
    );
    check(
        &[
            sub("consumer0", &all),
            sub("consumer1", &all),
            sub("consumer2", &["t1", "t3"]),
        ],
        &partitions,
        &[
            "t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0",
            "t1-2, t1-3, t2-4, t2-5, t2-6, t3-1",
            "t1-4, t1-5",
        ],
    );
    let nine = ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];
    check(
        &[
            sub("consumer0", &nine),
            sub("consumer1", &nine),
            sub("consumer2", &nine),
        ],
        &ppt(&[
            ("t1", 6),
            ("t2", 6),
            ("t3", 2),
            ("t4", 2),
            ("t5", 4),
            ("t6", 4),
        ]),
        &[
            "t1-0, t1-1, t2-0, t2-1, t3-0, t4-0, t5-0, t5-1, t6-0, t6-1",
            "t1-2, t1-3, t2-2, t2-3, t3-1, t4-1, t5-2, t6-2",
            "t1-4, t1-5, t2-4, t2-5, t5-3, t6-3",
        ],
    );
}
