//! Goal: `CooperativeStickyAssignor` keeps every topic balanced over several rebalances in which
//! partitions are first revoked and only then reassigned.
//! Method: Kafka's case translated, each rebalance followed to the end with `cooperative_converge`
//! (which also checks that nothing is revoked and reassigned in one round).
//! Kafka: clients/src/test/java/org/apache/kafka/clients/consumer/internals/AbstractStickyAssignorTest.java

use super::*;

#[test]
fn cooperative_topic_balance_after_reassignment() {
    // Kafka: AbstractStickyAssignorTest.testTopicBalanceAfterReassignment (Cooperative run)
    let all = ["topic1", "topic2"];
    let partitions = ppt(&[("topic1", 12), ("topic2", 12)]);
    let per_topic = |a: &BTreeMap<String, Vec<Tp>>, n: usize| {
        for l in a.values() {
            for t in all {
                assert_eq!(l.iter().filter(|p| p.topic == t).count(), n, "{a:?}");
            }
        }
    };
    let members = vec![sub("consumer1", &all)];
    let a = assign(CooperativeSticky, &partitions, &members);
    per_topic(&a, 12);
    let mut members = next_generation(&members, &a, 1);
    members.push(owned_sub("consumer2", &all, &[], 1));
    let a = assign(CooperativeSticky, &partitions, &members);
    let (a, members) = cooperative_converge(&partitions, members, a);
    per_topic(&a, 6);
    let mut members = next_generation(&members, &a, 1);
    members.push(owned_sub("consumer3", &all, &[], 1));
    members.push(owned_sub("consumer4", &all, &[], 1));
    let a = assign(CooperativeSticky, &partitions, &members);
    let (a, members) = cooperative_converge(&partitions, members, a);
    per_topic(&a, 3);
    let members = next_generation(&members[2..], &a, 1);
    let a = assign(CooperativeSticky, &partitions, &members);
    let (a, _) = cooperative_converge(&partitions, members, a);
    per_topic(&a, 6);
}
