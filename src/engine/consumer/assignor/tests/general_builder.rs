//! Goal: with different subscriptions (`GeneralAssignmentBuilder`), both sticky assignors
//! return Kafka's lists where Kafka's tests pin them, stay valid and balanced otherwise, and
//! `StickyAssignor` reads its owned partitions regrouped by topic as its user data stores them.
//! Method: each case translated from Kafka's tests; cooperative runs are followed to the end with
//! `cooperative_converge`; the user-data case was checked against Kafka's own classes.
//! Kafka: clients/src/test/java/org/apache/kafka/clients/consumer/internals/AbstractStickyAssignorTest.java

use super::*;

#[test]
fn sticky_eager_reads_owned_partitions_grouped_by_topic() {
    // StickyAssignor keeps owned partitions in user data grouped by topic (HashMap order), so
    // a kept owned list comes back regrouped; CooperativeStickyAssignor keeps the given order.
    let partitions = ppt(&[("BB", 1), ("topic", 3), ("topic1", 7), ("x", 10)]);
    let members = [
        owned_sub(
            "c1",
            &["BB", "topic", "topic1", "x"],
            &["BB-0", "topic-2", "topic1-6", "x-9"],
            2,
        ),
        owned_sub("c2", &["topic", "x"], &["topic-0", "x-0", "x-1", "x-2"], 2),
        owned_sub("c3", &["topic1"], &["topic1-0", "topic1-1", "topic1-2"], 2),
    ];
    // Expected lists are Kafka's output for this input (run through Kafka's own classes).
    let a = assign(Sticky, &partitions, &members);
    assert_eq!(
        get(&a, "c1"),
        tps(&["topic1-6", "BB-0", "x-9", "topic-2", "topic-1", "x-5", "x-7"])
    );
    assert_eq!(
        get(&a, "c2"),
        tps(&["x-0", "x-1", "x-2", "topic-0", "x-3", "x-4", "x-6", "x-8"])
    );
    assert_eq!(
        get(&a, "c3"),
        tps(&["topic1-0", "topic1-1", "topic1-2", "topic1-3", "topic1-4", "topic1-5"])
    );
    let a = assign(CooperativeSticky, &partitions, &members);
    assert_eq!(
        get(&a, "c1"),
        tps(&["BB-0", "topic-2", "topic1-6", "x-9", "topic-1", "x-5", "x-7"])
    );
    assert_eq!(
        get(&a, "c2"),
        tps(&["topic-0", "x-0", "x-1", "x-2", "x-3", "x-4", "x-6", "x-8"])
    );
}

#[test]
fn sticky_general_mixed_topic_subscriptions() {
    // Kafka: AbstractStickyAssignorTest.testMultipleConsumersMixedTopicSubscriptions (exact lists)
    for kind in [Sticky, CooperativeSticky] {
        let members = [
            sub("consumer1", &["topic1"]),
            sub("consumer2", &["topic1", "topic2"]),
            sub("consumer3", &["topic1"]),
        ];
        let partitions = ppt(&[("topic1", 3), ("topic2", 2)]);
        let a = assign(kind, &partitions, &members);
        assert_eq!(get(&a, "consumer1"), tps(&["topic1-0", "topic1-2"]));
        assert_eq!(get(&a, "consumer2"), tps(&["topic2-0", "topic2-1"]));
        assert_eq!(get(&a, "consumer3"), tps(&["topic1-1"]));
        verify_validity_and_balance(&members, &a, &partitions);
    }
}

#[test]
fn sticky_general_non_equal_subscription_non_rack_expectation() {
    // Kafka: AbstractStickyAssignorTest.testRackAwareAssignmentWithNonEqualSubscription
    // (non-rack-aware expectation; and, for the cooperative assignor, the owned -> intermediate
    // -> final sequence with all racks matching)
    let partitions = ppt(&[("t1", 6), ("t2", 7), ("t3", 2)]);
    let all = ["t1", "t2", "t3"];
    let members = vec![
        sub("consumer0", &all),
        sub("consumer1", &all),
        sub("consumer2", &["t1", "t3"]),
    ];
    let expected = [
        "t1-5, t2-0, t2-2, t2-4, t2-6",
        "t1-3, t2-1, t2-3, t2-5, t3-0",
        "t1-0, t1-1, t1-2, t1-4, t3-1",
    ];
    let check = |a: &BTreeMap<String, Vec<Tp>>, expected: &[&str]| {
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(sorted_string(get(a, &format!("consumer{i}"))), *e, "{a:?}");
        }
    };
    for kind in [Sticky, CooperativeSticky] {
        check(&assign(kind, &partitions, &members), &expected);
        check(
            &assign(kind, &partitions, &owning(&members, &expected)),
            &expected,
        );
    }
    let owned = [
        "t1-0, t1-1, t1-2, t1-3, t1-4",
        "t1-5, t2-0, t2-1, t2-2, t2-3",
        "t2-4, t2-5, t2-6, t3-0, t3-1",
    ];
    let intermediate = ["t1-2, t1-3, t1-4", "t2-0, t2-1, t2-2, t2-3", "t3-0, t3-1"];
    let last = [
        "t1-2, t1-3, t1-4, t2-4, t2-5",
        "t2-0, t2-1, t2-2, t2-3, t2-6",
        "t1-0, t1-1, t1-5, t3-0, t3-1",
    ];
    check(
        &assign(CooperativeSticky, &partitions, &owning(&members, &owned)),
        &intermediate,
    );
    check(
        &assign(
            CooperativeSticky,
            &partitions,
            &owning(&members, &intermediate),
        ),
        &last,
    );
}

#[test]
fn sticky_general_move_existing_assignments() {
    // Kafka: AbstractStickyAssignorTest.testMoveExistingAssignments
    let partitions: BTreeMap<String, u32> = (1..=6).map(|i| (format!("topic{i}"), 1)).collect();
    for kind in [Sticky, CooperativeSticky] {
        let members = vec![
            owned_sub("consumer1", &["topic1", "topic2"], &["topic1-0"], 1),
            owned_sub(
                "consumer2",
                &["topic1", "topic2", "topic3", "topic4"],
                &["topic2-0", "topic3-0"],
                1,
            ),
            owned_sub(
                "consumer3",
                &["topic2", "topic3", "topic4", "topic5", "topic6"],
                &["topic4-0", "topic5-0", "topic6-0"],
                1,
            ),
        ];
        let a = assign(kind, &partitions, &members);
        if kind == CooperativeSticky {
            cooperative_converge(&partitions, members, a);
        } else {
            verify_validity_and_balance(&members, &a, &partitions);
        }
    }
}

#[test]
fn sticky_general_poor_round_robin_scenario() {
    // Kafka: AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario
    let partitions: BTreeMap<String, u32> = (1..=5)
        .map(|i| (format!("topic{i}"), (i % 2) + 1))
        .collect();
    let all5 = ["topic1", "topic2", "topic3", "topic4", "topic5"];
    let odd = ["topic1", "topic3", "topic5"];
    for kind in [Sticky, CooperativeSticky] {
        let members = [
            sub("consumer1", &all5),
            sub("consumer2", &odd),
            sub("consumer3", &odd),
            sub("consumer4", &all5),
        ];
        let a = assign(kind, &partitions, &members);
        verify_validity_and_balance(&members, &a, &partitions);
    }
}

#[test]
fn sticky_general_reassignment_after_one_consumer_leaves() {
    // Kafka: AbstractStickyAssignorTest.testReassignmentAfterOneConsumerLeaves
    let topic = |i: u32| format!("t{i:02}");
    let partitions: BTreeMap<String, u32> = (1..20).map(|i| (topic(i), i)).collect();
    for kind in [Sticky, CooperativeSticky] {
        let members: Vec<MemberSubscription> = (1..20u32)
            .map(|i| {
                let ts: Vec<String> = (1..=i).map(topic).collect();
                MemberSubscription {
                    member_id: format!("c{i:02}"),
                    topics: ts,
                    ..Default::default()
                }
            })
            .collect();
        let a = assign(kind, &partitions, &members);
        verify_validity_and_balance(&members, &a, &partitions);
        let mut next = next_generation(&members, &a, 1);
        next.retain(|m| m.member_id != "c10");
        let b = assign(kind, &partitions, &next);
        if kind == CooperativeSticky {
            cooperative_converge(&partitions, next, b);
        } else {
            verify_validity_and_balance(&next, &b, &partitions);
            // Sticky: a member keeps what it had unless it had too much.
            let kept: usize = next
                .iter()
                .map(|m| {
                    get(&a, &m.member_id)
                        .iter()
                        .filter(|p| get(&b, &m.member_id).contains(p))
                        .count()
                })
                .sum();
            let had: usize = next.iter().map(|m| get(&a, &m.member_id).len()).sum();
            assert!(kept * 10 >= had * 8, "kept {kept} of {had}");
        }
    }
}

#[test]
fn sticky_general_add_remove_topic_two_consumers() {
    // Kafka: AbstractStickyAssignorTest.testAddRemoveTopicTwoConsumers (Sticky run)
    let mut partitions = ppt(&[("topic", 3)]);
    let members = vec![sub("consumer1", &["topic"]), sub("consumer2", &["topic"])];
    let a1 = assign(Sticky, &partitions, &members);
    assert!(is_fully_balanced(&a1));
    partitions.insert("topic2".to_string(), 3);
    let members: Vec<MemberSubscription> = next_generation(&members, &a1, 1)
        .into_iter()
        .map(|m| MemberSubscription {
            topics: topics_of(&["topic", "topic2"]),
            ..m
        })
        .collect();
    let a2 = assign(Sticky, &partitions, &members);
    verify_validity_and_balance(&members, &a2, &partitions);
    for c in ["consumer1", "consumer2"] {
        assert_eq!(get(&a2, c).len(), 3);
        assert!(get(&a1, c).iter().all(|p| get(&a2, c).contains(p)));
    }
    partitions.remove("topic");
    let members: Vec<MemberSubscription> = next_generation(&members, &a2, 1)
        .into_iter()
        .map(|m| MemberSubscription {
            topics: topics_of(&["topic2"]),
            ..m
        })
        .collect();
    let a3 = assign(Sticky, &partitions, &members);
    verify_validity_and_balance(&members, &a3, &partitions);
    assert!(is_fully_balanced(&a3));
    for c in ["consumer1", "consumer2"] {
        assert!(get(&a3, c).iter().all(|p| get(&a2, c).contains(p)));
    }
}

#[test]
fn sticky_subscription_not_equal_same_partition_three_generations() {
    // Kafka: AbstractStickyAssignorTest.testSubscriptionNotEqualAndAssignSamePartitionWith3Generation
    let partitions = ppt(&[("topic", 6), ("topic1", 1)]);
    for kind in [Sticky, CooperativeSticky] {
        for g in [
            [1, 2, 3],
            [1, 3, 2],
            [2, 1, 3],
            [2, 3, 1],
            [3, 1, 2],
            [3, 2, 1],
        ] {
            let members = [
                owned_sub("consumer1", &["topic"], &["topic-0", "topic-2"], g[0]),
                owned_sub(
                    "consumer2",
                    &["topic"],
                    &["topic-1", "topic-2", "topic-3"],
                    g[1],
                ),
                owned_sub(
                    "consumer3",
                    &["topic"],
                    &["topic-2", "topic-4", "topic-5"],
                    g[2],
                ),
                owned_sub("consumer4", &["topic1"], &["topic1-0"], 2),
            ];
            let a = assign(kind, &partitions, &members);
            let all: Vec<Tp> = a.values().flatten().cloned().collect();
            let unique: BTreeSet<&Tp> = all.iter().collect();
            assert_eq!(all.len(), unique.len());
            if kind == Sticky {
                assert!(
                    a.values().all(|l| (1..=2).contains(&l.len())),
                    "{g:?}: {a:?}"
                );
            }
        }
    }
}
