//! Goal: with equal subscriptions (`ConstrainedAssignmentBuilder`), both sticky assignors
//! return Kafka's lists, keep owned partitions, and settle conflicting or stale claims as Kafka
//! does (`allSubscriptionsEqual`).
//! Method: each case translated from Kafka's tests, run for `Sticky` and `CooperativeSticky`;
//! where Kafka compares sets, the lists are sorted first.
//! Kafka: clients/src/test/java/org/apache/kafka/clients/consumer/internals/AbstractStickyAssignorTest.java,
//! clients/src/test/java/org/apache/kafka/clients/consumer/{StickyAssignorTest,CooperativeStickyAssignorTest}.java

use super::*;

#[test]
fn sticky_one_consumer() {
    // Kafka: AbstractStickyAssignorTest.testOneConsumerOneTopic, testOnlyAssignsPartitionsFromSubscribedTopics,
    // testOneConsumerMultipleTopics, testAssignmentUpdatedForDeletedTopic
    for kind in [Sticky, CooperativeSticky] {
        let a = assign(kind, &ppt(&[("topic", 3)]), &[sub("consumer", &["topic"])]);
        assert_eq!(get(&a, "consumer"), tps(&["topic-0", "topic-1", "topic-2"]));
        let m = owned_sub(
            "consumer",
            &["topic"],
            &["topic-0", "topic-1", "other-0", "other-1"],
            1,
        );
        let a = assign(kind, &ppt(&[("topic", 2)]), &[m]);
        assert_eq!(get(&a, "consumer"), tps(&["topic-0", "topic-1"]));
        let a = assign(
            kind,
            &ppt(&[("topic1", 1), ("topic2", 2)]),
            &[sub("consumer", &["topic1", "topic2"])],
        );
        assert_eq!(
            get(&a, "consumer"),
            tps(&["topic1-0", "topic2-0", "topic2-1"])
        );
        let a = assign(
            kind,
            &ppt(&[("topic1", 1), ("topic3", 100)]),
            &[sub("consumer", &["topic1", "topic2", "topic3"])],
        );
        assert_eq!(get(&a, "consumer").len(), 101);
    }
}

#[test]
fn sticky_two_consumers_one_topic() {
    // Kafka: AbstractStickyAssignorTest.testTwoConsumersOneTopicOnePartition, testTwoConsumersOneTopicTwoPartitions
    for kind in [Sticky, CooperativeSticky] {
        let members = [sub("consumer1", &["topic"]), sub("consumer2", &["topic"])];
        let partitions = ppt(&[("topic", 1)]);
        let a = assign(kind, &partitions, &members);
        verify_validity_and_balance(&members, &a, &partitions);
        assert_eq!(get(&a, "consumer1"), tps(&["topic-0"]));
        let a = assign(kind, &ppt(&[("topic", 2)]), &members);
        assert_eq!(get(&a, "consumer1"), tps(&["topic-0"]));
        assert_eq!(get(&a, "consumer2"), tps(&["topic-1"]));
    }
}

#[test]
fn sticky_two_consumers_two_topics_six_partitions() {
    // Kafka: AbstractStickyAssignorTest.testTwoConsumersTwoTopicsSixPartitions
    for kind in [Sticky, CooperativeSticky] {
        let both = ["topic1", "topic2"];
        let members = [sub("consumer1", &both), sub("consumer2", &both)];
        let a = assign(kind, &ppt(&[("topic1", 3), ("topic2", 3)]), &members);
        assert_eq!(
            get(&a, "consumer1"),
            tps(&["topic1-0", "topic1-2", "topic2-1"])
        );
        assert_eq!(
            get(&a, "consumer2"),
            tps(&["topic1-1", "topic2-0", "topic2-2"])
        );
    }
}

#[test]
fn sticky_consumer_owning_min_quota_expected_max_quota() {
    // Kafka: AbstractStickyAssignorTest.testConsumerOwningMinQuotaExpectedMaxQuota
    for kind in [Sticky, CooperativeSticky] {
        let both = ["topic1", "topic2"];
        let members = [
            owned_sub("consumer1", &both, &["topic1-0", "topic2-1"], 1),
            owned_sub("consumer2", &both, &["topic1-1", "topic2-2"], 1),
        ];
        let a = assign(kind, &ppt(&[("topic1", 2), ("topic2", 3)]), &members);
        assert_eq!(
            get(&a, "consumer1"),
            tps(&["topic1-0", "topic2-1", "topic2-0"])
        );
        assert_eq!(get(&a, "consumer2"), tps(&["topic1-1", "topic2-2"]));
    }
}

#[test]
fn sticky_max_quota_consumer_more_than_num_expected_max_capacity_members() {
    // Kafka: AbstractStickyAssignorTest.testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers
    // Only passes with Java's HashMap order consumer3, consumer2, consumer1.
    let both = ["topic1", "topic2"];
    let partitions = ppt(&[("topic1", 2), ("topic2", 2)]);
    let members = vec![
        owned_sub("consumer1", &both, &["topic1-0", "topic2-0"], 1),
        owned_sub("consumer2", &both, &["topic1-1", "topic2-1"], 1),
        owned_sub("consumer3", &both, &[], 1),
    ];
    let a = assign(Sticky, &partitions, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic1-1", "topic2-1"]));
    assert_eq!(get(&a, "consumer3"), tps(&["topic2-0"]));

    // Cooperative: topic2-0 is transferring ownership, so it is held back for one round.
    let a = assign(CooperativeSticky, &partitions, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic1-1", "topic2-1"]));
    assert!(get(&a, "consumer3").is_empty());
    let (a, _) = cooperative_converge(&partitions, members, a);
    assert_eq!(get(&a, "consumer3"), tps(&["topic2-0"]));
    assert!(is_fully_balanced(&a));
}

#[test]
fn sticky_all_consumers_under_min_quota() {
    // Kafka: AbstractStickyAssignorTest.testAllConsumersAreUnderMinQuota
    for kind in [Sticky, CooperativeSticky] {
        let both = ["topic1", "topic2"];
        let members = [
            owned_sub("consumer1", &both, &["topic1-0"], 1),
            owned_sub("consumer2", &both, &["topic1-1"], 1),
            owned_sub("consumer3", &both, &[], 1),
        ];
        let a = assign(kind, &ppt(&[("topic1", 2), ("topic2", 3)]), &members);
        assert_eq!(get(&a, "consumer1"), tps(&["topic1-0", "topic2-1"]));
        assert_eq!(get(&a, "consumer2"), tps(&["topic1-1", "topic2-2"]));
        assert_eq!(get(&a, "consumer3"), tps(&["topic2-0"]));
    }
}

#[test]
fn sticky_all_consumers_reach_expected_quota() {
    // Kafka: AbstractStickyAssignorTest.testAllConsumersReachExpectedQuotaAndAreConsideredFilled
    for kind in [Sticky, CooperativeSticky] {
        let members = [
            owned_sub("consumer1", &["topic"], &["topic-0", "topic-1"], 1),
            owned_sub("consumer2", &["topic"], &["topic-2"], 1),
            owned_sub("consumer3", &["topic"], &[], 1),
        ];
        let a = assign(kind, &ppt(&[("topic", 4)]), &members);
        assert_eq!(get(&a, "consumer1"), tps(&["topic-0", "topic-1"]));
        assert_eq!(get(&a, "consumer2"), tps(&["topic-2"]));
        assert_eq!(get(&a, "consumer3"), tps(&["topic-3"]));
    }
}

#[test]
fn sticky_add_remove_consumer_one_topic() {
    // Kafka: AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic (Sticky and Cooperative runs)
    let partitions = ppt(&[("topic", 3)]);
    for kind in [Sticky, CooperativeSticky] {
        let a = assign(kind, &partitions, &[sub("consumer1", &["topic"])]);
        assert_eq!(
            get(&a, "consumer1"),
            tps(&["topic-0", "topic-1", "topic-2"])
        );
        let members = vec![
            owned_sub(
                "consumer1",
                &["topic"],
                &["topic-0", "topic-1", "topic-2"],
                1,
            ),
            owned_sub("consumer2", &["topic"], &[], 1),
        ];
        let mut a = assign(kind, &partitions, &members);
        if kind == CooperativeSticky {
            assert_eq!(get(&a, "consumer1"), tps(&["topic-0", "topic-1"]));
            assert!(get(&a, "consumer2").is_empty());
            a = cooperative_converge(&partitions, members, a).0;
        }
        assert_eq!(get(&a, "consumer1"), tps(&["topic-0", "topic-1"]));
        assert_eq!(get(&a, "consumer2"), tps(&["topic-2"]));
        let last = vec![owned_sub("consumer2", &["topic"], &["topic-2"], 1)];
        let a = assign(kind, &partitions, &last);
        assert_eq!(
            sorted(get(&a, "consumer2")),
            tps(&["topic-0", "topic-1", "topic-2"])
        );
    }
}

#[test]
fn sticky_add_remove_two_consumers_two_topics() {
    // Kafka: AbstractStickyAssignorTest.testAddRemoveTwoConsumersTwoTopics (exact lists, Sticky run)
    let all = ["topic1", "topic2"];
    let partitions = ppt(&[("topic1", 3), ("topic2", 4)]);
    let members = vec![sub("consumer1", &all), sub("consumer2", &all)];
    let a = assign(Sticky, &partitions, &members);
    assert_eq!(
        get(&a, "consumer1"),
        tps(&["topic1-0", "topic1-2", "topic2-1", "topic2-3"])
    );
    assert_eq!(
        get(&a, "consumer2"),
        tps(&["topic1-1", "topic2-0", "topic2-2"])
    );

    let mut members = next_generation(&members, &a, 1);
    members.push(owned_sub("consumer3", &all, &[], 1));
    members.push(owned_sub("consumer4", &all, &[], 1));
    let a = assign(Sticky, &partitions, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic1-0", "topic2-1"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic2-0", "topic1-1"]));
    assert_eq!(get(&a, "consumer3"), tps(&["topic1-2", "topic2-3"]));
    assert_eq!(get(&a, "consumer4"), tps(&["topic2-2"]));

    let members = next_generation(&members[2..], &a, 1);
    let a = assign(Sticky, &partitions, &members);
    assert_eq!(
        get(&a, "consumer3"),
        tps(&["topic1-2", "topic2-3", "topic1-0", "topic2-1"])
    );
    assert_eq!(
        get(&a, "consumer4"),
        tps(&["topic2-2", "topic1-1", "topic2-0"])
    );
}

#[test]
fn sticky_same_subscriptions() {
    // Kafka: AbstractStickyAssignorTest.testSameSubscriptions
    for kind in [Sticky, CooperativeSticky] {
        let topic_names: Vec<String> = (1..15).map(|i| format!("t{i:02}")).collect();
        let partitions: BTreeMap<String, u32> = topic_names
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32 + 1))
            .collect();
        let refs: Vec<&str> = topic_names.iter().map(String::as_str).collect();
        let members: Vec<MemberSubscription> =
            (1..9).map(|i| sub(&format!("c{i}"), &refs)).collect();
        let a = assign(kind, &partitions, &members);
        verify_validity_and_balance(&members, &a, &partitions);
        let mut next = next_generation(&members, &a, 1);
        next.retain(|m| m.member_id != "c5");
        let b = assign(kind, &partitions, &next);
        verify_validity_and_balance(&next, &b, &partitions);
        assert!(is_fully_balanced(&b));
        // Nobody else had to give anything up.
        for m in &next {
            for p in get(&a, &m.member_id) {
                assert!(get(&b, &m.member_id).contains(p));
            }
        }
    }
}

#[test]
fn sticky_stickiness_when_leader_leaves() {
    // Kafka: AbstractStickyAssignorTest.testStickiness
    for kind in [Sticky, CooperativeSticky] {
        let partitions = ppt(&[("topic1", 3)]);
        let members: Vec<MemberSubscription> = (1..=4)
            .map(|i| sub(&format!("consumer{i}"), &["topic1"]))
            .collect();
        let a = assign(kind, &partitions, &members);
        assert!(a.values().all(|l| l.len() <= 1));
        let next = next_generation(&members[1..], &a, 1);
        let b = assign(kind, &partitions, &next);
        verify_validity_and_balance(&next, &b, &partitions);
        for m in &next {
            assert_eq!(get(&b, &m.member_id).len(), 1);
            if let Some(p) = get(&a, &m.member_id).first() {
                assert!(
                    get(&b, &m.member_id).contains(p),
                    "stickiness broken for {}",
                    m.member_id
                );
            }
        }
    }
}

#[test]
fn sticky_owned_partitions_invalidated_for_stale_or_missing_generation() {
    // Kafka: AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration,
    // testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration
    let both = ["topic", "topic2"];
    let partitions = ppt(&[("topic", 3), ("topic2", 3)]);
    for kind in [Sticky, CooperativeSticky] {
        for stale in [Some(9), None] {
            let members = [
                owned_sub("consumer1", &both, &["topic-0", "topic-2", "topic2-1"], 10),
                MemberSubscription {
                    generation: stale,
                    ..owned_sub("consumer2", &both, &["topic-0", "topic-2", "topic2-1"], 0)
                },
            ];
            let a = assign(kind, &partitions, &members);
            assert_eq!(
                sorted(get(&a, "consumer1")),
                tps(&["topic-0", "topic-2", "topic2-1"])
            );
            assert_eq!(
                sorted(get(&a, "consumer2")),
                tps(&["topic-1", "topic2-0", "topic2-2"])
            );
        }
    }
}

#[test]
fn sticky_conflicting_claims_in_same_generation() {
    // Kafka: StickyAssignorTest / CooperativeStickyAssignorTest
    // .testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGeneration
    // WithEqualPartitionsPerConsumer and ...WithUnequalPartitionsPerConsumer;
    // AbstractStickyAssignorTest.testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration
    let members = vec![
        owned_sub("consumer1", &["topic"], &["topic-0", "topic-1"], 1),
        owned_sub("consumer2", &["topic"], &["topic-0", "topic-2"], 1),
        owned_sub("consumer3", &["topic"], &[], 1),
    ];
    let three = ppt(&[("topic", 3)]);
    let a = assign(Sticky, &three, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic-1"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic-2"]));
    assert_eq!(get(&a, "consumer3"), tps(&["topic-0"]));
    let a = assign(CooperativeSticky, &three, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic-1"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic-2"]));
    assert!(get(&a, "consumer3").is_empty());

    let four = ppt(&[("topic", 4)]);
    let a = assign(Sticky, &four, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic-1", "topic-3"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic-2"]));
    assert_eq!(get(&a, "consumer3"), tps(&["topic-0"]));
    let a = assign(CooperativeSticky, &four, &members);
    assert_eq!(get(&a, "consumer1"), tps(&["topic-1", "topic-3"]));
    assert_eq!(get(&a, "consumer2"), tps(&["topic-2"]));
    assert!(get(&a, "consumer3").is_empty());
}

#[test]
fn sticky_partitions_go_to_highest_generation() {
    // Kafka: AbstractStickyAssignorTest.testEnsurePartitionsAssignedToHighestGeneration,
    // testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration
    let three = ["topic", "topic2", "topic3"];
    let partitions = ppt(&[("topic", 3), ("topic2", 3), ("topic3", 3)]);
    for kind in [Sticky, CooperativeSticky] {
        let members = [
            owned_sub(
                "consumer1",
                &three,
                &["topic-0", "topic2-0", "topic3-0"],
                10,
            ),
            owned_sub("consumer2", &three, &["topic-1", "topic2-1", "topic3-1"], 9),
            owned_sub(
                "consumer3",
                &three,
                &["topic2-1", "topic3-0", "topic3-2"],
                8,
            ),
        ];
        let a = assign(kind, &partitions, &members);
        assert_eq!(
            sorted(get(&a, "consumer1")),
            tps(&["topic-0", "topic2-0", "topic3-0"])
        );
        assert_eq!(
            sorted(get(&a, "consumer2")),
            tps(&["topic-1", "topic2-1", "topic3-1"])
        );
        assert_eq!(
            sorted(get(&a, "consumer3")),
            tps(&["topic-2", "topic2-2", "topic3-2"])
        );

        let both = ["topic", "topic2"];
        let members = [
            owned_sub("consumer1", &both, &["topic-0", "topic2-1", "topic-1"], 10),
            owned_sub("consumer2", &both, &["topic-0", "topic2-1", "topic2-2"], 8),
        ];
        let a = assign(kind, &ppt(&[("topic", 3), ("topic2", 3)]), &members);
        assert_eq!(
            sorted(get(&a, "consumer1")),
            tps(&["topic-0", "topic-1", "topic2-1"])
        );
        assert_eq!(
            sorted(get(&a, "consumer2")),
            tps(&["topic-2", "topic2-0", "topic2-2"])
        );
    }
}

#[test]
fn sticky_no_reassignment_on_current_members() {
    // Kafka: AbstractStickyAssignorTest.testNoReassignmentOnCurrentMembers
    let all = ["topic", "topic2", "topic3", "topic1"];
    let partitions = ppt(&[("topic", 3), ("topic1", 3), ("topic2", 3), ("topic3", 3)]);
    for kind in [Sticky, CooperativeSticky] {
        let members = [
            MemberSubscription {
                generation: None,
                ..owned_sub("consumer1", &all, &[], 0)
            },
            owned_sub("consumer2", &all, &["topic-0", "topic2-0", "topic1-0"], 9),
            owned_sub("consumer3", &all, &["topic3-2", "topic2-2", "topic1-1"], 8),
            owned_sub("consumer4", &all, &["topic3-1", "topic-1", "topic-2"], 7),
        ];
        let a = assign(kind, &partitions, &members);
        assert_eq!(
            sorted(get(&a, "consumer1")),
            tps(&["topic1-2", "topic2-1", "topic3-0"])
        );
        verify_validity_and_balance(&members, &a, &partitions);
    }
}

#[test]
fn sticky_only_subscribed_topic_deleted() {
    // Kafka: AbstractStickyAssignorTest.testNoExceptionThrownWhenOnlySubscribedTopicDeleted
    for kind in [Sticky, CooperativeSticky] {
        let m = owned_sub(
            "consumer",
            &["topic"],
            &["topic-0", "topic-1", "topic-2"],
            1,
        );
        let a = assign(kind, &BTreeMap::new(), &[m]);
        assert_eq!(a.len(), 1);
        assert!(get(&a, "consumer").is_empty());
    }
}

#[test]
fn sticky_uniform_subscription_non_rack_expectation() {
    // Kafka: AbstractStickyAssignorTest.testRackAwareAssignmentWithUniformSubscription
    // (non-rack-aware expectation, fresh and with the expectation as owned partitions)
    let partitions = ppt(&[("t1", 6), ("t2", 7), ("t3", 2)]);
    let all = ["t1", "t2", "t3"];
    let expected = [
        "t1-0, t1-3, t2-0, t2-3, t2-6",
        "t1-1, t1-4, t2-1, t2-4, t3-0",
        "t1-2, t1-5, t2-2, t2-5, t3-1",
    ];
    for kind in [Sticky, CooperativeSticky] {
        let members: Vec<MemberSubscription> =
            (0..3).map(|i| sub(&format!("consumer{i}"), &all)).collect();
        let a = assign(kind, &partitions, &members);
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(sorted_string(get(&a, &format!("consumer{i}"))), *e);
        }
        let b = assign(kind, &partitions, &owning(&members, &expected));
        assert_eq!(
            a.values().map(|l| sorted(l)).collect::<Vec<_>>(),
            b.values().map(|l| sorted(l)).collect::<Vec<_>>()
        );
    }
}
